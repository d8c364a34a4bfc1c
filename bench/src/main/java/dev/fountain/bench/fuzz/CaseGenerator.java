package dev.fountain.bench.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Case {@code i} of a run with seed {@code s}, the same every time: a valid CONNECT of MQTT 3.1,
 * 3.1.1 or 5, up to eight packets of every type a client sends (and AUTH, and DISCONNECT), and in
 * nine cases of ten one to four mutations of the packets after the CONNECT (one in ten of those
 * mutates the CONNECT too). The mutations are those of the broker's property test: bit flips,
 * byte insertion, deletion and overwrite, truncation, a wrong remaining length, a wrong MQTT 5
 * property length, a property block repeated. Packets are written byte by byte, so a length can
 * be anything the wire can carry.
 */
final class CaseGenerator {

    static final String[] VERSIONS = {"3.1", "3.1.1", "5"};
    private static final String[] TOPICS = {"a", "a/b", "sensors/1/temp", "x/y/z", "\u00fc/utf8", "/lead"};
    private static final String[] FILTERS = {"a", "a/+", "#", "a/#", "+/+", "+/b/#", "sensors/+/temp"};
    /** Client identifiers come from a small pool so sessions are reused and taken over, not piled up. */
    private static final int CLIENT_IDS = 512;

    private final long seed;
    private final int maxPacketSize;

    CaseGenerator(long seed, int maxPacketSize) {
        this.seed = seed;
        this.maxPacketSize = maxPacketSize;
    }

    /** One packet; {@code properties} is the MQTT 5 property block, null when there is none. */
    private record Packet(PacketType type, int header, byte[] head, byte[] properties, byte[] tail) {

        byte[] encode(int remainingLength, int propertyLength, int propertyCopies) {
            Wire body = new Wire().bytes(head);
            if (properties != null) {
                body.varInt(propertyLength >= 0 ? propertyLength : properties.length * propertyCopies);
                for (int i = 0; i < propertyCopies; i++) {
                    body.bytes(properties);
                }
            }
            byte[] content = body.bytes(tail).toByteArray();
            return new Wire().u8(header).varInt(remainingLength >= 0 ? remainingLength : content.length)
                    .bytes(content).toByteArray();
        }
    }

    FuzzCase generate(long index) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        int version = 3 + random.nextInt(3);
        List<Packet> packets = new ArrayList<>();
        packets.add(connect(random, version, "fz" + index % CLIENT_IDS));
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            packets.add(packet(random, version));
        }
        List<byte[]> encoded = new ArrayList<>();
        packets.forEach(p -> encoded.add(p.encode(-1, -1, 1)));
        int mutatedTypes = 0;
        int mutations = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int target = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(count);
            encoded.set(target, mutate(random, packets.get(target), encoded.get(target)));
            mutatedTypes |= 1 << packets.get(target).type().ordinal();
        }
        Wire stream = new Wire();
        encoded.forEach(stream::bytes);
        byte[] bytes = Wire.completeLastPacket(stream.toByteArray(), maxPacketSize);
        int presentTypes = 0;
        for (Packet packet : packets) {
            presentTypes |= 1 << packet.type().ordinal();
        }
        return new FuzzCase(index, version, bytes, cuts(random, bytes.length), presentTypes, mutatedTypes);
    }

    private static int[] cuts(SplittableRandom random, int length) {
        int[] cuts = random.ints(random.nextInt(4), 1, Math.max(2, length)).sorted().distinct().toArray();
        return Arrays.stream(cuts).filter(c -> c < length).toArray();
    }

    private byte[] mutate(SplittableRandom random, Packet packet, byte[] bytes) {
        int at = random.nextInt(Math.max(1, bytes.length));
        int value = random.nextInt(1 << 22);
        return switch (random.nextInt(8)) {
            case 0 -> flip(bytes, at, value);
            case 1 -> splice(bytes, at, 0, new byte[] {(byte) value});
            case 2 -> splice(bytes, at, Math.min(1, bytes.length), new byte[0]);
            case 3 -> Arrays.copyOf(bytes, at);
            case 4 -> splice(bytes, at, Math.min(4, bytes.length - at), new Wire().u32(random.nextInt()).toByteArray());
            case 5 -> packet.encode(wrongLength(bytes.length - 2, value), -1, 1);
            case 6 -> packet.properties() == null ? flip(bytes, at, value)
                    : packet.encode(-1, wrongLength(packet.properties().length, value), 1);
            default -> packet.properties() == null ? splice(bytes, at, 0, bytes)
                    : packet.encode(-1, -1, 2 + value % 2);
        };
    }

    /** Near the true length (off by -4 to +4) half the time, anything up to 2^21 otherwise. */
    private static int wrongLength(int trueLength, int value) {
        return value % 2 == 0 ? Math.max(0, trueLength + (value >> 1) % 9 - 4) : value >> 1;
    }

    private static Packet connect(SplittableRandom random, int version, String clientId) {
        int willQos = random.nextInt(4) - 1;
        boolean user = random.nextBoolean();
        int flags = (random.nextBoolean() ? 0x02 : 0) | (willQos >= 0 ? 0x04 | willQos << 3 : 0) | (user ? 0xC0 : 0);
        Wire head = new Wire().string(version == 3 ? "MQIsdp" : "MQTT").u8(version).u8(flags)
                .u16(random.nextInt(600));
        Wire payload = new Wire().string(clientId);
        if (willQos >= 0) {
            if (version == 5) {
                payload.varInt(0);
            }
            payload.string("will/" + clientId).u16(4).bytes("gone".getBytes(StandardCharsets.UTF_8));
        }
        if (user) {
            payload.string("user").u16(2).bytes(new byte[] {'p', 'w'});
        }
        byte[] properties = version < 5 ? null : properties(random,
                new Wire().u8(0x11).u32(random.nextInt(300)),
                new Wire().u8(0x21).u16(1 + random.nextInt(100)),
                new Wire().u8(0x22).u16(random.nextInt(10)),
                new Wire().u8(0x17).u8(random.nextInt(2)),
                userProperty());
        return new Packet(PacketType.CONNECT, 0x10, head.toByteArray(), properties, payload.toByteArray());
    }

    private static Packet packet(SplittableRandom random, int version) {
        int pick = random.nextInt(100);
        if (pick < 30) {
            return publish(random, version);
        } else if (pick < 42) {
            return subscribe(random, version);
        } else if (pick < 52) {
            return unsubscribe(random, version);
        } else if (pick < 60) {
            return new Packet(PacketType.PINGREQ, 0xC0, new byte[0], null, new byte[0]);
        } else if (pick < 90) {
            return ack(random, version, PacketType.values()[PacketType.PUBACK.ordinal() + random.nextInt(4)]);
        } else if (pick < 95) {
            byte[] reason = version < 5 ? new byte[0] : new byte[] {(byte) (random.nextBoolean() ? 0x00 : 0x04)};
            return new Packet(PacketType.DISCONNECT, 0xE0, reason, version < 5 ? null : userProperty().toByteArray(),
                    new byte[0]);
        }
        return version < 5 ? new Packet(PacketType.AUTH, 0xF0, new byte[0], null, new byte[0])
                : new Packet(PacketType.AUTH, 0xF0, new byte[] {0x18},
                        new Wire().u8(0x15).string("SCRAM-SHA-1").toByteArray(), new byte[0]);
    }

    private static Packet publish(SplittableRandom random, int version) {
        int qos = random.nextInt(3);
        Wire head = new Wire().string(TOPICS[random.nextInt(TOPICS.length)]);
        if (qos > 0) {
            head.u16(1 + random.nextInt(65535));
        }
        byte[] payload = new byte[random.nextInt(8) == 0 ? random.nextInt(4096) : random.nextInt(32)];
        Arrays.fill(payload, (byte) 'p');
        byte[] properties = version < 5 ? null : properties(random,
                new Wire().u8(0x01).u8(0),
                new Wire().u8(0x02).u32(1 + random.nextInt(3600)),
                new Wire().u8(0x03).string("text/plain"),
                new Wire().u8(0x08).string(TOPICS[random.nextInt(TOPICS.length)]),
                new Wire().u8(0x09).u16(3).bytes(new byte[] {1, 2, 3}),
                new Wire().u8(0x23).u16(1 + random.nextInt(10)),
                userProperty());
        PacketType type = PacketType.values()[PacketType.PUBLISH_QOS0.ordinal() + qos];
        return new Packet(type, 0x30 | qos << 1 | random.nextInt(2), head.toByteArray(), properties, payload);
    }

    private static Packet subscribe(SplittableRandom random, int version) {
        Wire entries = new Wire();
        for (int i = random.nextInt(3); i >= 0; i--) {
            int options = random.nextInt(3) | (version == 5 ? random.nextInt(4) << 2 | random.nextInt(3) << 4 : 0);
            entries.string(FILTERS[random.nextInt(FILTERS.length)]).u8(options);
        }
        byte[] properties = version < 5 ? null : properties(random,
                new Wire().u8(0x0B).varInt(1 + random.nextInt(1000)), userProperty());
        return new Packet(PacketType.SUBSCRIBE, 0x82, new Wire().u16(1 + random.nextInt(65535)).toByteArray(),
                properties, entries.toByteArray());
    }

    private static Packet unsubscribe(SplittableRandom random, int version) {
        Wire entries = new Wire();
        for (int i = random.nextInt(3); i >= 0; i--) {
            entries.string(FILTERS[random.nextInt(FILTERS.length)]);
        }
        return new Packet(PacketType.UNSUBSCRIBE, 0xA2, new Wire().u16(1 + random.nextInt(65535)).toByteArray(),
                version < 5 ? null : properties(random, userProperty()), entries.toByteArray());
    }

    private static Packet ack(SplittableRandom random, int version, PacketType type) {
        int header = (type.ordinal() - PacketType.PUBACK.ordinal() + 4) << 4 | (type == PacketType.PUBREL ? 2 : 0);
        Wire head = new Wire().u16(1 + random.nextInt(65535));
        if (version < 5 || random.nextBoolean()) {
            return new Packet(type, header, head.toByteArray(), null, new byte[0]);
        }
        return new Packet(type, header, head.u8(0).toByteArray(), properties(random, userProperty()), new byte[0]);
    }

    /** Each candidate property present or not, in the order given. */
    private static byte[] properties(SplittableRandom random, Wire... candidates) {
        Wire block = new Wire();
        for (Wire candidate : candidates) {
            if (random.nextBoolean()) {
                block.bytes(candidate.toByteArray());
            }
        }
        return block.toByteArray();
    }

    private static Wire userProperty() {
        return new Wire().u8(0x26).string("k").string("v");
    }

    private static byte[] flip(byte[] bytes, int at, int bit) {
        byte[] copy = bytes.clone();
        if (copy.length > 0) {
            copy[at] ^= (byte) (1 << (bit & 7));
        }
        return copy;
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        Wire out = new Wire();
        out.write(bytes, 0, at);
        out.bytes(insert);
        out.write(bytes, at + remove, bytes.length - at - remove);
        return out.toByteArray();
    }
}
