package dev.fountain.bench.store;

import java.nio.ByteBuffer;

/**
 * The bytes both candidates keep for a queued message and a retained message, so that they store
 * the same thing. A queued message (the value under its entry id): session id, QoS, topic length,
 * topic, payload: 95 bytes for a 20-character topic and a 64-byte payload (the log's record adds
 * kind and entry id, 9 bytes, and its frame, 8: 112 bytes). A retained message (the value under its
 * topic): QoS, payload.
 */
public final class Records {

    /** A log record's first byte. */
    static final byte ENQUEUE = 1;
    static final byte DONE = 2;
    static final byte RETAIN = 3;

    private Records() {
    }

    static int queuedSize(int topicLength, int payloadLength) {
        return Long.BYTES + 1 + Short.BYTES + topicLength + payloadLength;
    }

    static void putQueued(ByteBuffer buffer, long sessionId, byte[] topic, int qos, byte[] payload) {
        buffer.putLong(sessionId).put((byte) qos).putShort((short) topic.length).put(topic).put(payload);
    }

    public static byte[] queued(long sessionId, byte[] topic, int qos, byte[] payload) {
        byte[] value = new byte[queuedSize(topic.length, payload.length)];
        putQueued(ByteBuffer.wrap(value), sessionId, topic, qos, payload);
        return value;
    }

    public static byte[] retained(int qos, byte[] payload) {
        byte[] value = new byte[1 + payload.length];
        value[0] = (byte) qos;
        System.arraycopy(payload, 0, value, 1, payload.length);
        return value;
    }
}
