package dev.fountain.broker.routing;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import java.nio.charset.StandardCharsets;

/**
 * An application message as published: topic, payload, QoS, retain flag and, from MQTT 5 clients,
 * its properties and expiry. One instance is shared by every subscriber it is delivered to and by
 * the retained store; each holder owns one reference ({@link #retain()} before handing it on,
 * {@link #release()} when done), and the payload is freed with the last one. The topic's UTF-8
 * form is computed once here, not once per subscriber.
 */
public final class Message extends AbstractReferenceCounted {

    /** No expiry. */
    public static final long NEVER = Long.MAX_VALUE;

    private final String topic;
    private final byte[] topicUtf8;
    private final ByteBuf payload;
    private final int qos;
    private final boolean retain;
    private final PublishProperties properties;
    private final long expiresAtNanos;
    private final Object publisher;
    private MemoryBudget budget;

    /** A message without properties or expiry; takes ownership of {@code payload}. */
    public Message(String topic, ByteBuf payload, int qos, boolean retain) {
        this(topic, payload, qos, retain, PublishProperties.NONE, NEVER, null);
    }

    /**
     * Takes ownership of {@code payload}: it is released with the message.
     *
     * @param expiresAtNanos the {@link System#nanoTime()} after which it must not be delivered
     *     [MQTT-3.3.2-5], or {@link #NEVER}
     * @param publisher who published it, for the No Local subscription option, or {@code null}
     */
    public Message(String topic, ByteBuf payload, int qos, boolean retain, PublishProperties properties,
            long expiresAtNanos, Object publisher) {
        this.topic = topic;
        this.topicUtf8 = topic.getBytes(StandardCharsets.UTF_8);
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
        this.properties = properties;
        this.expiresAtNanos = expiresAtNanos;
        this.publisher = publisher;
    }

    /**
     * Counts this message's payload in {@code memoryBudget}, which {@link MemoryBudget#take} has
     * already allowed, until it is freed. Call once, before the message is shared.
     */
    public Message chargedTo(MemoryBudget memoryBudget) {
        this.budget = memoryBudget;
        return this;
    }

    public PublishProperties properties() {
        return properties;
    }

    /** Whether the message's expiry interval has passed. */
    public boolean expired(long nowNanos) {
        return expiresAtNanos != NEVER && nowNanos - expiresAtNanos >= 0;
    }

    /**
     * The seconds left of its expiry interval, rounded up, to send on [MQTT-3.3.2-6], or -1 when it
     * has none.
     */
    public long remainingExpirySeconds(long nowNanos) {
        if (expiresAtNanos == NEVER) {
            return -1;
        }
        long left = expiresAtNanos - nowNanos;
        return left <= 0 ? 0 : (left + 999_999_999L) / 1_000_000_000L;
    }

    /** Who published it, or {@code null}: compared by identity for No Local. */
    public Object publisher() {
        return publisher;
    }

    public String topic() {
        return topic;
    }

    public byte[] topicUtf8() {
        return topicUtf8;
    }

    /** The payload; its reader index is never moved, read it with absolute indexes or a duplicate. */
    public ByteBuf payload() {
        return payload;
    }

    public int payloadSize() {
        return payload.readableBytes();
    }

    /** The QoS it was published with. */
    public int qos() {
        return qos;
    }

    /** Whether the publisher set the RETAIN flag. */
    public boolean retainFlag() {
        return retain;
    }

    @Override
    public Message retain() {
        super.retain();
        return this;
    }

    @Override
    public Message touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        if (budget != null) {
            budget.giveBack(payload.readableBytes());
        }
        payload.release();
    }

    @Override
    public String toString() {
        return "Message['" + topic + "', q" + qos + ", r" + (retain ? 1 : 0) + ", " + payloadSize() + " bytes]";
    }

}
