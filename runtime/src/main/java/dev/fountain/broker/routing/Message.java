package dev.fountain.broker.routing;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import java.nio.charset.StandardCharsets;

/**
 * An application message as published: topic, payload, QoS and retain flag. One instance is shared
 * by every subscriber it is delivered to and by the retained store; each holder owns one reference
 * ({@link #retain()} before handing it on, {@link #release()} when done), and the payload is freed
 * with the last one. The topic's UTF-8 form is computed once here, not once per subscriber.
 */
public final class Message extends AbstractReferenceCounted {

    private final String topic;
    private final byte[] topicUtf8;
    private final ByteBuf payload;
    private final int qos;
    private final boolean retain;

    /**
     * Takes ownership of {@code payload}: it is released with the message.
     */
    public Message(String topic, ByteBuf payload, int qos, boolean retain) {
        this.topic = topic;
        this.topicUtf8 = topic.getBytes(StandardCharsets.UTF_8);
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
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
        payload.release();
    }

    @Override
    public String toString() {
        return "Message['" + topic + "', q" + qos + ", r" + (retain ? 1 : 0) + ", " + payloadSize() + " bytes]";
    }

}
