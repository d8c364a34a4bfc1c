package dev.fountain.broker.local;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.PublishProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One message for a {@link Receiver}. Its payload is the broker's shared buffer, readable until
 * {@link #done()}, which acknowledges the message and must be called exactly once: a QoS 1 or 2
 * message holds a place in the client's in-flight window until then.
 */
public final class Delivery {

    private final LocalConnection connection;
    private final Message message;
    private final int qos;
    private final boolean retain;
    private final boolean duplicate;
    private final int packetId;

    Delivery(LocalConnection connection, Message message, int qos, boolean retain, boolean duplicate, int packetId) {
        this.connection = connection;
        this.message = message;
        this.qos = qos;
        this.retain = retain;
        this.duplicate = duplicate;
        this.packetId = packetId;
    }

    public String topic() {
        return message.topic();
    }

    /** The QoS it was delivered at: the lower of the published and the subscribed one. */
    public int qos() {
        return qos;
    }

    /** Whether it is a retained message sent because of a new subscription. */
    public boolean retain() {
        return retain;
    }

    public boolean duplicate() {
        return duplicate;
    }

    /** The payload, read-only, without a copy; valid until {@link #done()}. */
    public ByteBuffer payload() {
        return payloadBuf().nioBuffer().asReadOnlyBuffer();
    }

    /** A copy of the payload. */
    public byte[] payloadBytes() {
        return ByteBufUtil.getBytes(payloadBuf());
    }

    /** The payload decoded as UTF-8. */
    public String payloadString() {
        return payloadBuf().toString(StandardCharsets.UTF_8);
    }

    public String contentType() {
        return message.properties().contentType();
    }

    public String responseTopic() {
        return message.properties().responseTopic();
    }

    /** {@code null} when the publisher sent none. */
    public byte[] correlationData() {
        return message.properties().correlationData();
    }

    /** The first user property named {@code name}, or {@code null}. */
    public String userProperty(String name) {
        for (PublishProperties.UserProperty property : message.properties().userProperties()) {
            if (property.name().equals(name)) {
                return property.value();
            }
        }
        return null;
    }

    /** Acknowledges the message to the broker and frees it; call exactly once. */
    public void done() {
        message.release();
        connection.acknowledge(qos, packetId);
    }

    private ByteBuf payloadBuf() {
        ByteBuf payload = message.payload();
        return payload.slice(payload.readerIndex(), payload.readableBytes());
    }
}
