package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * MQTT 3.1.1 packets the generator sends, written straight into the caller's buffer: a PUBLISH is
 * a few bytes of header in front of a payload the caller writes, so a batch of them is one buffer
 * and one socket write, with no message objects in between.
 */
final class Packets {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int PUBREL = 6;
    static final int PUBCOMP = 7;
    static final int SUBACK = 9;

    private static final byte[] PROTOCOL_NAME = "MQTT".getBytes(StandardCharsets.US_ASCII);
    private static final int PROTOCOL_LEVEL_311 = 4;
    private static final int CLEAN_SESSION = 0x02;

    private Packets() {
    }

    static void connect(ByteBuf out, String clientId, int keepAliveSeconds) {
        connect(out, clientId, keepAliveSeconds, true);
    }

    /**
     * CONNECT with CleanSession 0 when {@code cleanSession} is false: the broker keeps the session,
     * its subscriptions and the QoS 1/2 messages owed to it after the connection ends, and a broker
     * with persistence journals all of it [MQTT-3.1.2-4].
     */
    static void connect(ByteBuf out, String clientId, int keepAliveSeconds, boolean cleanSession) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        int remaining = 2 + PROTOCOL_NAME.length + 1 + 1 + 2 + 2 + id.length;
        out.writeByte(0x10);
        writeVarInt(out, remaining);
        out.writeShort(PROTOCOL_NAME.length).writeBytes(PROTOCOL_NAME);
        out.writeByte(PROTOCOL_LEVEL_311).writeByte(cleanSession ? CLEAN_SESSION : 0).writeShort(keepAliveSeconds);
        out.writeShort(id.length).writeBytes(id);
    }

    static void subscribe(ByteBuf out, int packetId, List<String> filters, int qos) {
        int remaining = 2;
        byte[][] encoded = new byte[filters.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = filters.get(i).getBytes(StandardCharsets.UTF_8);
            remaining += 2 + encoded[i].length + 1;
        }
        out.writeByte(0x82);
        writeVarInt(out, remaining);
        out.writeShort(packetId);
        for (byte[] filter : encoded) {
            out.writeShort(filter.length).writeBytes(filter).writeByte(qos);
        }
    }

    /** The PUBLISH fixed and variable header; the caller writes {@code payloadSize} bytes after it. */
    static void publishHeader(ByteBuf out, byte[] topic, int qos, int packetId, int payloadSize) {
        publishHeader(out, topic, qos, packetId, payloadSize, false);
    }

    /** As above; {@code retain} sets the RETAIN flag, so the broker keeps the message for the topic. */
    static void publishHeader(ByteBuf out, byte[] topic, int qos, int packetId, int payloadSize, boolean retain) {
        int remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + payloadSize;
        out.writeByte(0x30 | qos << 1 | (retain ? 1 : 0));
        writeVarInt(out, remaining);
        out.writeShort(topic.length).writeBytes(topic);
        if (qos > 0) {
            out.writeShort(packetId);
        }
    }

    /** Bytes one PUBLISH takes on the wire, to size a batch's buffer. */
    static int publishSize(int topicLength, int qos, int payloadSize) {
        int remaining = 2 + topicLength + (qos > 0 ? 2 : 0) + payloadSize;
        return 1 + varIntSize(remaining) + remaining;
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP; PUBREL carries flags 0010 [MQTT-3.6.1-1]. */
    static void acknowledgement(ByteBuf out, int type, int packetId) {
        out.writeByte(type << 4 | (type == PUBREL ? 0x02 : 0)).writeByte(2).writeShort(packetId);
    }

    static void disconnect(ByteBuf out) {
        out.writeByte(0xE0).writeByte(0);
    }

    private static int varIntSize(int value) {
        int size = 1;
        while (value >= 128) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static void writeVarInt(ByteBuf out, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }
}
