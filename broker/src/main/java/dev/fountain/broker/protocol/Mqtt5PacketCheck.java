package dev.fountain.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderException;

/**
 * The rules of MQTT 5 packets from a client that Netty's decoder does not hold a packet to, checked
 * on the packet's bytes before it is decoded: every property is one the packet type may carry
 * (section 2.2.2.2), none but User Property appears twice, values are in range (Subscription
 * Identifier not 0, Receive Maximum and Maximum Packet Size not 0, one-byte flags 0 or 1), a
 * client's PUBLISH carries no Subscription Identifier [MQTT-3.3.4-6], and SUBSCRIBE options have no
 * reserved bit set and no Retain Handling 3 [MQTT-3.8.3-5]. The decoder keeps only the last of a
 * repeated property, so after it, a repetition can no longer be seen.
 *
 * <p>Reading past the end of the packet is left to the decoder, which the framer has bounded to
 * the packet.
 */
final class Mqtt5PacketCheck {

    /** A packet that breaks a rule: malformed (reason 0x81) or a protocol error (0x82). */
    static final class Violation extends DecoderException {
        private final boolean malformed;

        Violation(boolean malformed, String message) {
            super(message);
            this.malformed = malformed;
        }

        boolean malformed() {
            return malformed;
        }
    }

    // Where a property may appear; Will is the will properties of CONNECT's payload.
    private static final int CONNECT = 1;
    private static final int WILL = 1 << 1;
    private static final int PUBLISH = 1 << 2;
    private static final int ACK = 1 << 3;
    private static final int SUBSCRIBE = 1 << 4;
    private static final int UNSUBSCRIBE = 1 << 5;
    private static final int DISCONNECT = 1 << 6;
    private static final int AUTH = 1 << 7;
    private static final int ALL = 0xFF;

    private enum Type { BYTE, TWO_BYTES, FOUR_BYTES, VARIABLE, UTF8, BINARY, UTF8_PAIR }

    /** Data type by identifier, and where a client may send it; {@code null}: no such property. */
    private static final Type[] TYPES = new Type[0x2B];
    private static final int[] ALLOWED = new int[0x2B];

    static {
        property(0x01, Type.BYTE, PUBLISH | WILL);            // Payload Format Indicator
        property(0x02, Type.FOUR_BYTES, PUBLISH | WILL);      // Message Expiry Interval
        property(0x03, Type.UTF8, PUBLISH | WILL);            // Content Type
        property(0x08, Type.UTF8, PUBLISH | WILL);            // Response Topic
        property(0x09, Type.BINARY, PUBLISH | WILL);          // Correlation Data
        property(0x0B, Type.VARIABLE, SUBSCRIBE);             // Subscription Identifier
        property(0x11, Type.FOUR_BYTES, CONNECT | DISCONNECT); // Session Expiry Interval
        property(0x15, Type.UTF8, CONNECT | AUTH);            // Authentication Method
        property(0x16, Type.BINARY, CONNECT | AUTH);          // Authentication Data
        property(0x17, Type.BYTE, CONNECT);                   // Request Problem Information
        property(0x18, Type.FOUR_BYTES, WILL);                // Will Delay Interval
        property(0x19, Type.BYTE, CONNECT);                   // Request Response Information
        property(0x1C, Type.UTF8, DISCONNECT);                // Server Reference
        property(0x1F, Type.UTF8, ACK | DISCONNECT | AUTH);   // Reason String
        property(0x21, Type.TWO_BYTES, CONNECT);              // Receive Maximum
        property(0x22, Type.TWO_BYTES, CONNECT);              // Topic Alias Maximum
        property(0x23, Type.TWO_BYTES, PUBLISH);              // Topic Alias
        property(0x26, Type.UTF8_PAIR, ALL);                  // User Property
        property(0x27, Type.FOUR_BYTES, CONNECT);             // Maximum Packet Size
    }

    private static void property(int id, Type type, int where) {
        TYPES[id] = type;
        ALLOWED[id] = where;
    }

    private Mqtt5PacketCheck() {
    }

    /**
     * Checks one whole MQTT 5 packet from a client.
     *
     * @param bodyStart where its variable header starts (after the fixed header)
     * @throws Violation when it breaks a rule
     */
    static void check(ByteBuf packet, int bodyStart) {
        int first = packet.getUnsignedByte(packet.readerIndex());
        int end = packet.writerIndex();
        Cursor at = new Cursor(packet, packet.readerIndex() + bodyStart, end);
        switch (first >> 4) {
            case 1 -> connect(at);
            case 3 -> {
                at.skipString();
                if ((first & 0x06) != 0) {
                    at.skip(2);
                }
                properties(at, PUBLISH, "PUBLISH");
            }
            case 4, 5, 6, 7 -> {
                // packet identifier, then a reason code and properties only if there is room left
                at.skip(2);
                if (at.remaining() > 0) {
                    at.skip(1);
                    if (at.remaining() > 0) {
                        properties(at, ACK, "acknowledgement");
                    }
                }
            }
            case 8 -> subscribe(at);
            case 10 -> {
                at.skip(2);
                properties(at, UNSUBSCRIBE, "UNSUBSCRIBE");
            }
            case 14, 15 -> {
                if (at.remaining() > 0) {
                    at.skip(1);
                    if (at.remaining() > 0) {
                        boolean disconnect = first >> 4 == 14;
                        properties(at, disconnect ? DISCONNECT : AUTH, disconnect ? "DISCONNECT" : "AUTH");
                    }
                }
            }
            default -> {
                // PINGREQ has no body; server-to-client packets are refused by the state machine.
            }
        }
    }

    private static void connect(Cursor at) {
        at.skipString();
        at.skip(1);
        int flags = at.unsignedByte();
        at.skip(2);
        properties(at, CONNECT, "CONNECT");
        at.skipString();
        if ((flags & 0x04) != 0) {
            properties(at, WILL, "Will");
        }
    }

    private static void subscribe(Cursor at) {
        at.skip(2);
        properties(at, SUBSCRIBE, "SUBSCRIBE");
        while (at.remaining() > 0) {
            at.skipString();
            int options = at.unsignedByte();
            if ((options & 0xC0) != 0) {
                throw new Violation(true, "SUBSCRIBE options with reserved bits set [MQTT-3.8.3-5]");
            }
            if ((options & 0x30) == 0x30) {
                throw new Violation(false, "SUBSCRIBE with Retain Handling 3 (MQTT 5.0 section 3.8.3.1)");
            }
        }
    }

    private static void properties(Cursor at, int where, String packet) {
        int length = at.variableInteger();
        int end = at.position + length;
        if (end > at.end) {
            throw new Violation(true, packet + " properties run past the end of the packet");
        }
        long seen = 0;
        while (at.position < end) {
            int id = at.variableInteger();
            Type type = id < TYPES.length ? TYPES[id] : null;
            if (type == null || (ALLOWED[id] & where) == 0) {
                throw new Violation(true, (id == 0x0B && where == PUBLISH
                        ? "a client's PUBLISH with a Subscription Identifier [MQTT-3.3.4-6]"
                        : "property 0x" + Integer.toHexString(id) + " in " + packet));
            }
            if (id != 0x26 && (seen & (1L << id)) != 0) {
                throw new Violation(false, "property 0x" + Integer.toHexString(id) + " twice in " + packet);
            }
            seen |= 1L << id;
            long value = at.value(type);
            String problem = valueProblem(id, value);
            if (problem != null) {
                throw new Violation(false, problem + " in " + packet);
            }
        }
        if (at.position != end) {
            throw new Violation(true, packet + " properties run past their length");
        }
    }

    private static String valueProblem(int id, long value) {
        return switch (id) {
            case 0x01, 0x17, 0x19 -> value > 1 ? "property 0x" + Integer.toHexString(id) + " is " + value
                    + ", not 0 or 1" : null;
            case 0x0B -> value == 0 ? "Subscription Identifier 0 (MQTT 5.0 section 3.8.2.1.2)" : null;
            case 0x21 -> value == 0 ? "Receive Maximum 0 (MQTT 5.0 section 3.1.2.11.3)" : null;
            case 0x27 -> value == 0 ? "Maximum Packet Size 0 (MQTT 5.0 section 3.1.2.11.4)" : null;
            default -> null;
        };
    }

    /** A read position in a packet that refuses to move past its end. */
    private static final class Cursor {
        private final ByteBuf bytes;
        private final int end;
        private int position;

        Cursor(ByteBuf bytes, int position, int end) {
            this.bytes = bytes;
            this.position = position;
            this.end = end;
        }

        int remaining() {
            return end - position;
        }

        void skip(int count) {
            if (count > remaining()) {
                throw new Violation(true, "a field runs past the end of the packet");
            }
            position += count;
        }

        int unsignedByte() {
            skip(1);
            return bytes.getUnsignedByte(position - 1);
        }

        int twoBytes() {
            skip(2);
            return bytes.getUnsignedShort(position - 2);
        }

        void skipString() {
            skip(twoBytes());
        }

        int variableInteger() {
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = unsignedByte();
                value |= (digit & 0x7F) << (7 * i);
                if ((digit & 0x80) == 0) {
                    return value;
                }
            }
            throw new Violation(true, "a Variable Byte Integer longer than four bytes");
        }

        /** Reads a property value; numbers are returned, strings and binary data skipped. */
        long value(Type type) {
            return switch (type) {
                case BYTE -> unsignedByte();
                case TWO_BYTES -> twoBytes();
                case FOUR_BYTES -> {
                    skip(4);
                    yield bytes.getUnsignedInt(position - 4);
                }
                case VARIABLE -> variableInteger();
                case UTF8, BINARY -> {
                    skipString();
                    yield -1;
                }
                case UTF8_PAIR -> {
                    skipString();
                    skipString();
                    yield -1;
                }
            };
        }
    }
}
