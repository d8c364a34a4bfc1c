package dev.fountain.broker.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The generators of {@link ProtocolFuzzPropertyTest}: MQTT packets written byte by byte (not with
 * Netty's encoder, whose checks would keep malformed lengths out), with an MQTT 5 property block
 * kept apart so that a mutation can give it a wrong length or repeat it, and byte-level mutations
 * of the whole stream. Every choice is a plain integer, so jqwik shrinks a failure towards short
 * streams and small values.
 */
final class FuzzPackets {

    private static final int MAX_PACKETS_AFTER_CONNECT = 8;
    private static final List<String> TOPICS = List.of("a", "a/b", "sensors/1/temp", "x/y/z", "\u00fc/utf8", "/lead");
    private static final List<String> FILTERS = List.of("a", "a/+", "#", "a/#", "+/+", "+/b/#", "sensors/+/temp");

    private FuzzPackets() {
    }

    /** A packet: fixed header byte, what precedes the MQTT 5 property block, the block (or null), the rest. */
    record Packet(String name, int header, byte[] head, byte[] properties, byte[] tail) {

        byte[] encode() {
            return encode(-1, -1, 1);
        }

        /** With a remaining length and property length of the caller's choice (-1: the true one). */
        byte[] encode(int remainingLength, int propertyLength, int propertyCopies) {
            Out body = new Out().bytes(head);
            if (properties != null) {
                body.varInt(propertyLength >= 0 ? propertyLength : properties.length * propertyCopies);
                for (int i = 0; i < propertyCopies; i++) {
                    body.bytes(properties);
                }
            }
            byte[] content = body.bytes(tail).toByteArray();
            return new Out().u8(header).varInt(remainingLength >= 0 ? remainingLength : content.length)
                    .bytes(content).toByteArray();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    enum Kind { FLIP_BIT, INSERT_BYTE, DELETE_BYTE, TRUNCATE, OVERWRITE, REMAINING_LENGTH, PROPERTY_LENGTH,
        DUPLICATE_PROPERTIES }

    /** One mutation of packet {@code packet} (modulo the count) at {@code offset} (modulo its length). */
    record Mutation(Kind kind, int packet, int offset, int value) {
    }

    /** A connection's byte stream: packets, mutated, then cut into reads at {@code cuts}. */
    record Case(int version, List<Packet> packets, List<Mutation> mutations, List<Integer> cuts, int maxPacketSize) {

        byte[] stream() {
            List<byte[]> encoded = new ArrayList<>();
            for (Packet packet : packets) {
                encoded.add(packet.encode());
            }
            for (Mutation m : mutations) {
                int index = m.packet() % packets.size();
                Packet packet = packets.get(index);
                byte[] bytes = encoded.get(index);
                int at = bytes.length == 0 ? 0 : m.offset() % bytes.length;
                encoded.set(index, switch (m.kind()) {
                    case FLIP_BIT -> flip(bytes, at, m.value());
                    case INSERT_BYTE -> splice(bytes, at, 0, new byte[] {(byte) m.value()});
                    case DELETE_BYTE -> splice(bytes, at, bytes.length == 0 ? 0 : 1, new byte[0]);
                    case TRUNCATE -> java.util.Arrays.copyOf(bytes, at);
                    case OVERWRITE -> splice(bytes, at, Math.min(4, bytes.length - at),
                            new Out().u32(m.value()).toByteArray());
                    case REMAINING_LENGTH -> packet.encode(wrongLength(bytes.length - 2, m.value()), -1, 1);
                    case PROPERTY_LENGTH -> packet.properties() == null ? bytes
                            : packet.encode(-1, wrongLength(packet.properties().length, m.value()), 1);
                    case DUPLICATE_PROPERTIES -> packet.encode(-1, -1, 2 + m.value() % 2);
                });
            }
            Out out = new Out();
            encoded.forEach(out::bytes);
            return completeLastPacket(out.toByteArray(), maxPacketSize);
        }

        List<byte[]> chunks() {
            byte[] stream = stream();
            TreeSet<Integer> at = new TreeSet<>();
            cuts.forEach(cut -> at.add(cut % (stream.length + 1)));
            at.add(stream.length);
            List<byte[]> chunks = new ArrayList<>();
            // a (zero-length) stream still counts as sent: PINGREQ follows it alone
            int from = 0;
            for (int to : at) {
                if (to > from) {
                    chunks.add(java.util.Arrays.copyOfRange(stream, from, to));
                    from = to;
                }
            }
            return chunks;
        }

        @Override
        public String toString() {
            StringBuilder hex = new StringBuilder();
            for (byte[] chunk : chunks()) {
                hex.append(hex.length() == 0 ? "" : " | ").append(HexFormat.ofDelimiter(" ").formatHex(chunk));
            }
            return "MQTT level " + version + " " + packets + " mutated " + mutations + ": " + hex;
        }
    }

    static Arbitrary<Case> validCases(int maxPacketSize) {
        return Arbitraries.of(3, 4, 5).flatMap(version -> Combinators.combine(connect(version),
                valid(version).list().ofMaxSize(MAX_PACKETS_AFTER_CONNECT), cuts())
                .as((connect, rest, cuts) -> new Case(version, prepend(connect, rest), List.of(), cuts,
                        maxPacketSize)));
    }

    static Arbitrary<Case> mutatedCases(int maxPacketSize) {
        return Arbitraries.of(3, 4, 5).flatMap(version -> Combinators.combine(connect(version),
                Arbitraries.oneOf(valid(version), ending(version)).list().ofMinSize(1)
                        .ofMaxSize(MAX_PACKETS_AFTER_CONNECT),
                mutation().list().ofMinSize(1).ofMaxSize(4), cuts())
                .as((connect, rest, mutations, cuts) -> new Case(version, prepend(connect, rest), mutations, cuts,
                        maxPacketSize)));
    }

    /**
     * The stream with its last packet completed by zero bytes, as far as its fixed header says:
     * then the broker holds every byte of every packet it was sent, has no reason to wait for more,
     * and must have answered or closed. A remaining length above {@code maxPacketSize}, or one
     * longer than four bytes, is not completed: the broker must close on the header alone.
     */
    static byte[] completeLastPacket(byte[] stream, int maxPacketSize) {
        int at = 0;
        while (at < stream.length) {
            int lengthAt = at + 1;
            int length = 0;
            int digits = 0;
            int digit = 0x80;
            while ((digit & 0x80) != 0 && digits < 4) {
                digit = lengthAt + digits < stream.length ? stream[lengthAt + digits] & 0xFF : 0;
                length |= (digit & 0x7F) << 7 * digits++;
            }
            if ((digit & 0x80) != 0 || length > maxPacketSize) {
                return stream;
            }
            int end = lengthAt + digits + length;
            if (end > stream.length) {
                return java.util.Arrays.copyOf(stream, end);
            }
            at = end;
        }
        return stream;
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 64),
                Arbitraries.integers().between(0, 1 << 12), Arbitraries.integers().between(0, 1 << 22))
                .as(Mutation::new);
    }

    private static Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 1 << 12).list().ofMaxSize(6);
    }

    /** Near the true length (off by -4 to +4) half the time, anything up to 2^21 otherwise. */
    private static int wrongLength(int trueLength, int value) {
        return value % 2 == 0 ? Math.max(0, trueLength + (value >> 1) % 9 - 4) : value >> 1;
    }

    private static Arbitrary<Packet> valid(int version) {
        return Arbitraries.oneOf(publish(version), subscribe(version), unsubscribe(version),
                Arbitraries.just(new Packet("PINGREQ", 0xC0, new byte[0], null, new byte[0])), ack(version));
    }

    /** Packets after which a well-behaved connection ends, or is not allowed to go on. */
    private static Arbitrary<Packet> ending(int version) {
        byte[] none = new byte[0];
        if (version < 5) {
            return Arbitraries.of(new Packet("DISCONNECT", 0xE0, none, null, none),
                    new Packet("AUTH(reserved)", 0xF0, none, null, none));
        }
        return Arbitraries.of(
                new Packet("DISCONNECT", 0xE0, new Out().u8(0x00).toByteArray(), userProperty(), none),
                new Packet("DISCONNECT(will)", 0xE0, new Out().u8(0x04).toByteArray(), new byte[0], none),
                new Packet("AUTH", 0xF0, new Out().u8(0x18).toByteArray(),
                        new Out().u8(0x15).string("SCRAM-SHA-1").toByteArray(), none));
    }

    static Arbitrary<Packet> connect(int version) {
        Arbitrary<String> clientIds = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1)
                .ofMaxLength(23);
        Arbitrary<byte[]> properties = properties(List.of(
                Arbitraries.integers().between(0, 3600).map(s -> new Out().u8(0x11).u32(s).toByteArray()),
                Arbitraries.integers().between(1, 100).map(r -> new Out().u8(0x21).u16(r).toByteArray()),
                Arbitraries.integers().between(0, 10).map(a -> new Out().u8(0x22).u16(a).toByteArray()),
                Arbitraries.integers().between(0, 1).map(p -> new Out().u8(0x17).u8(p).toByteArray()),
                Arbitraries.just(userProperty())));
        return Combinators.combine(clientIds, Arbitraries.integers().between(0, 600), Arbitraries.of(true, false),
                Arbitraries.integers().between(-1, 2), Arbitraries.of(true, false), properties)
                .as((clientId, keepAlive, clean, willQos, user, props) -> {
                    int flags = (clean ? 0x02 : 0) | (willQos >= 0 ? 0x04 | willQos << 3 : 0) | (user ? 0xC0 : 0);
                    Out head = new Out().string(version == 3 ? "MQIsdp" : "MQTT").u8(version).u8(flags)
                            .u16(keepAlive);
                    Out payload = new Out().string(clientId);
                    if (willQos >= 0) {
                        if (version == 5) {
                            payload.varInt(0);
                        }
                        payload.string("will/" + clientId).u16(4).bytes("gone".getBytes(StandardCharsets.UTF_8));
                    }
                    if (user) {
                        payload.string("user").u16(2).bytes(new byte[] {'p', 'w'});
                    }
                    return new Packet("CONNECT", 0x10, head.toByteArray(), version == 5 ? props : null,
                            payload.toByteArray());
                });
    }

    private static Arbitrary<Packet> publish(int version) {
        Arbitrary<byte[]> properties = properties(List.of(
                Arbitraries.just(new Out().u8(0x01).u8(0).toByteArray()),
                Arbitraries.integers().between(1, 3600).map(e -> new Out().u8(0x02).u32(e).toByteArray()),
                Arbitraries.just(new Out().u8(0x03).string("text/plain").toByteArray()),
                Arbitraries.of(TOPICS).map(t -> new Out().u8(0x08).string(t).toByteArray()),
                Arbitraries.just(new Out().u8(0x09).u16(3).bytes(new byte[] {1, 2, 3}).toByteArray()),
                Arbitraries.just(userProperty())));
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(false, true),
                Arbitraries.of(TOPICS), Arbitraries.integers().between(1, 65535),
                Arbitraries.strings().alpha().ofMaxLength(32), properties)
                .as((qos, retain, topic, id, payload, props) -> {
                    Out head = new Out().string(topic);
                    if (qos > 0) {
                        head.u16(id);
                    }
                    return new Packet("PUBLISH(qos " + qos + ")", 0x30 | qos << 1 | (retain ? 1 : 0),
                            head.toByteArray(), version == 5 ? props : null,
                            payload.getBytes(StandardCharsets.US_ASCII));
                });
    }

    private static Arbitrary<Packet> subscribe(int version) {
        Arbitrary<Integer> options = version == 5
                ? Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 2)).as((qos, flags, handling) -> qos | flags << 2 | handling << 4)
                : Arbitraries.integers().between(0, 2);
        Arbitrary<byte[]> entry = Combinators.combine(Arbitraries.of(FILTERS), options)
                .as((filter, option) -> new Out().string(filter).u8(option).toByteArray());
        Arbitrary<byte[]> properties = properties(List.of(
                Arbitraries.integers().between(1, 1000).map(s -> new Out().u8(0x0B).varInt(s).toByteArray()),
                Arbitraries.just(userProperty())));
        return Combinators.combine(Arbitraries.integers().between(1, 65535), entry.list().ofMinSize(1).ofMaxSize(3),
                properties).as((id, entries, props) -> new Packet("SUBSCRIBE", 0x82, new Out().u16(id).toByteArray(),
                        version == 5 ? props : null, concat(entries)));
    }

    private static Arbitrary<Packet> unsubscribe(int version) {
        Arbitrary<byte[]> entry = Arbitraries.of(FILTERS).map(f -> new Out().string(f).toByteArray());
        return Combinators.combine(Arbitraries.integers().between(1, 65535), entry.list().ofMinSize(1).ofMaxSize(3),
                properties(List.of(Arbitraries.just(userProperty()))))
                .as((id, entries, props) -> new Packet("UNSUBSCRIBE", 0xA2, new Out().u16(id).toByteArray(),
                        version == 5 ? props : null, concat(entries)));
    }

    /**
     * PUBACK, PUBREC, PUBREL or PUBCOMP; on MQTT 5 with or without reason code and properties. The
     * identifier is one the broker has not assigned in a case this short (it counts up from 1): a
     * PUBREC for a QoS 1 message the broker did send is an acknowledgement of the wrong kind, a
     * protocol error that closes the connection, which a valid case must not contain.
     */
    private static Arbitrary<Packet> ack(int version) {
        return Combinators.combine(Arbitraries.of(0x40, 0x50, 0x62, 0x70), Arbitraries.integers().between(1_000, 65535),
                Arbitraries.integers().between(0, 2)).as((header, id, form) -> {
                    String name = switch (header) {
                        case 0x40 -> "PUBACK";
                        case 0x50 -> "PUBREC";
                        case 0x62 -> "PUBREL";
                        default -> "PUBCOMP";
                    };
                    if (version < 5 || form == 0) {
                        return new Packet(name, header, new Out().u16(id).toByteArray(), null, new byte[0]);
                    }
                    return new Packet(name, header, new Out().u16(id).u8(0).toByteArray(),
                            form == 1 ? new byte[0] : userProperty(), new byte[0]);
                });
    }

    /** Each candidate property present or not, in the order given. */
    private static Arbitrary<byte[]> properties(List<Arbitrary<byte[]>> candidates) {
        List<Arbitrary<byte[]>> optional = candidates.stream().map(c -> c.injectNull(0.5)).toList();
        return Combinators.combine(optional).as(FuzzPackets::concat);
    }

    private static byte[] userProperty() {
        return new Out().u8(0x26).string("k").string("v").toByteArray();
    }

    static byte[] concat(List<byte[]> parts) {
        Out out = new Out();
        parts.stream().filter(p -> p != null).forEach(out::bytes);
        return out.toByteArray();
    }

    private static List<Packet> prepend(Packet first, List<Packet> rest) {
        List<Packet> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static byte[] flip(byte[] bytes, int at, int bit) {
        byte[] copy = bytes.clone();
        if (copy.length > 0) {
            copy[at] ^= (byte) (1 << (bit & 7));
        }
        return copy;
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        Out out = new Out();
        out.write(bytes, 0, at);
        out.bytes(insert);
        out.write(bytes, at + remove, bytes.length - at - remove);
        return out.toByteArray();
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    /** The remaining length at {@code at}: {value, index after it}, or null when it is not all there. */
    static int[] remainingLength(byte[] bytes, int at) {
        int value = 0;
        for (int shift = 0; shift < 28 && at < bytes.length; shift += 7) {
            int digit = bytes[at++] & 0xFF;
            value |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) {
                return new int[] {value, at};
            }
        }
        return null;
    }

    /** The few MQTT encodings the generators need. */
    static final class Out extends ByteArrayOutputStream {
        Out u8(int value) {
            write(value);
            return this;
        }

        Out u16(int value) {
            return u8(value >>> 8).u8(value);
        }

        Out u32(int value) {
            return u16(value >>> 16).u16(value);
        }

        Out varInt(int value) {
            do {
                int digit = value & 0x7F;
                value >>>= 7;
                u8(value > 0 ? digit | 0x80 : digit);
            } while (value > 0);
            return this;
        }

        Out string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            return u16(utf8.length).bytes(utf8);
        }

        Out bytes(byte[] value) {
            writeBytes(value);
            return this;
        }
    }
}
