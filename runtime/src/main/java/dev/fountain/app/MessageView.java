package dev.fountain.app;

import dev.fountain.app.connector.Delivery;
import dev.fountain.topic.Topics;
import java.nio.ByteBuffer;

/**
 * One delivered message as a handler's generated invoker reads it. Wildcard levels are found only
 * if a parameter asks for one; the payload is read in place, copied only for {@code byte[]}.
 */
final class MessageView implements Inbound {

    private final Delivery delivery;
    private final String filter;
    private final PayloadCodec codec;
    private String[] wildcards;

    MessageView(Delivery delivery, String filter, PayloadCodec codec) {
        this.delivery = delivery;
        this.filter = filter;
        this.codec = codec;
    }

    @Override
    public String topic() {
        return delivery.topic();
    }

    @Override
    public int qos() {
        return delivery.qos();
    }

    @Override
    public boolean retained() {
        return delivery.retained();
    }

    @Override
    public boolean duplicate() {
        return delivery.duplicate();
    }

    @Override
    public String wildcard(int index) {
        if (wildcards == null) {
            wildcards = Topics.wildcardValues(filter, delivery.topic());
        }
        return wildcards[index];
    }

    private String what(int index) {
        return "wildcard " + index;
    }

    @Override
    public int wildcardInt(int index) {
        return Payloads.toInt(wildcard(index), what(index));
    }

    @Override
    public long wildcardLong(int index) {
        return Payloads.toLong(wildcard(index), what(index));
    }

    @Override
    public double wildcardDouble(int index) {
        return Payloads.toDouble(wildcard(index), what(index));
    }

    @Override
    public boolean wildcardBoolean(int index) {
        return Payloads.toBoolean(wildcard(index), what(index));
    }

    @Override
    public <E extends Enum<E>> E wildcardEnum(int index, Class<E> type) {
        return Payloads.toEnum(wildcard(index), type, what(index));
    }

    @Override
    public byte[] payloadBytes() {
        return delivery.payloadBytes();
    }

    @Override
    public ByteBuffer payloadBuffer() {
        return delivery.payload();
    }

    @Override
    public String payloadString() {
        return delivery.payloadString();
    }

    @Override
    public int payloadInt() {
        return Payloads.toInt(payloadString(), "payload");
    }

    @Override
    public long payloadLong() {
        return Payloads.toLong(payloadString(), "payload");
    }

    @Override
    public short payloadShort() {
        return Payloads.toShort(payloadString(), "payload");
    }

    @Override
    public byte payloadByte() {
        return Payloads.toByte(payloadString(), "payload");
    }

    @Override
    public double payloadDouble() {
        return Payloads.toDouble(payloadString(), "payload");
    }

    @Override
    public float payloadFloat() {
        return Payloads.toFloat(payloadString(), "payload");
    }

    @Override
    public boolean payloadBoolean() {
        return Payloads.toBoolean(payloadString(), "payload");
    }

    @Override
    public <E extends Enum<E>> E payloadEnum(Class<E> type) {
        return Payloads.toEnum(payloadString(), type, "payload");
    }

    @Override
    public <T> T payloadJson(Class<T> type) {
        try {
            return codec.decode(payloadBytes(), type);
        } catch (ConversionException e) {
            throw e;
        } catch (Exception e) {
            throw new ConversionException("payload does not read as " + type.getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String userProperty(String name) {
        return delivery.userProperty(name);
    }

    @Override
    public String contentType() {
        return delivery.contentType();
    }

    @Override
    public String responseTopic() {
        return delivery.responseTopic();
    }

    @Override
    public byte[] correlationData() {
        return delivery.correlationData();
    }
}
