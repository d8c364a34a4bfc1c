package dev.fountain.broker.store;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.PublishProperties;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * A message as the store keeps it: what a {@link Message} carries, with its expiry on the wall
 * clock, since {@link System#nanoTime()} means nothing after a restart.
 */
public final class StoredMessage {

    final String topic;
    final byte[] payload;
    final int qos;
    final boolean retainFlag;
    /** Wall-clock milliseconds after which it must not be delivered, or 0. */
    final long expiresAtMillis;
    final PublishProperties properties;

    StoredMessage(String topic, byte[] payload, int qos, boolean retainFlag, long expiresAtMillis,
            PublishProperties properties) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retainFlag = retainFlag;
        this.expiresAtMillis = expiresAtMillis;
        this.properties = properties;
    }

    public String topic() {
        return topic;
    }

    /** Whether its Message Expiry Interval ended by {@code nowMillis}. */
    public boolean expired(long nowMillis) {
        return expiresAtMillis != 0 && expiresAtMillis <= nowMillis;
    }

    /** A new message with this one's content, its expiry moved onto {@link System#nanoTime()}. */
    public Message toMessage() {
        long expiresAtNanos = expiresAtMillis == 0 ? Message.NEVER
                : System.nanoTime() + Math.max(0, expiresAtMillis - System.currentTimeMillis()) * 1_000_000L;
        return new Message(topic, Unpooled.wrappedBuffer(payload), qos, retainFlag, properties, expiresAtNanos, null);
    }

    static void write(RecordBuffer out, Message message) {
        out.string(message.topic()).varLong(message.qos()).bool(message.retainFlag());
        long nowNanos = System.nanoTime();
        long left = message.remainingExpirySeconds(nowNanos);
        out.varLong(left < 0 ? 0 : System.currentTimeMillis() + left * 1000);
        writeProperties(out, message.properties());
        out.payload(message.payload());
    }

    void write(RecordBuffer out) {
        out.string(topic).varLong(qos).bool(retainFlag).varLong(expiresAtMillis);
        writeProperties(out, properties);
        out.bytes(payload);
    }

    static StoredMessage read(RecordReader in) throws RecordReader.CorruptRecordException {
        String topic = in.string();
        int qos = in.varInt();
        boolean retain = in.bool();
        long expiresAt = in.varLong();
        PublishProperties properties = readProperties(in);
        byte[] payload = in.bytes();
        if (qos > 2) {
            throw new RecordReader.CorruptRecordException("a message of QoS " + qos);
        }
        return new StoredMessage(topic, payload, qos, retain, expiresAt, properties);
    }

    private static void writeProperties(RecordBuffer out, PublishProperties properties) {
        if (properties.isEmpty()) {
            out.varLong(0);
            return;
        }
        out.varLong(1);
        Integer format = properties.payloadFormat();
        out.varLong(format == null ? 0 : format + 1L);
        out.nullableString(properties.contentType());
        out.nullableString(properties.responseTopic());
        out.nullableBytes(properties.correlationData());
        out.varLong(properties.userProperties().size());
        for (PublishProperties.UserProperty property : properties.userProperties()) {
            out.string(property.name()).string(property.value());
        }
    }

    private static PublishProperties readProperties(RecordReader in) throws RecordReader.CorruptRecordException {
        if (in.varLong() == 0) {
            return PublishProperties.NONE;
        }
        long format = in.varLong();
        String contentType = in.nullableString();
        String responseTopic = in.nullableString();
        byte[] correlation = in.nullableBytes();
        int count = in.varInt();
        List<PublishProperties.UserProperty> users = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            users.add(new PublishProperties.UserProperty(in.string(), in.string()));
        }
        return new PublishProperties(format == 0 ? null : (int) format - 1, contentType, responseTopic, correlation,
                users);
    }
}
