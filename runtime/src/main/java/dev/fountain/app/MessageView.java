package dev.fountain.app;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.topic.Topics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One delivered message as a handler's generated invoker reads it. Wildcard levels are found only
 * if a parameter asks for one; the payload is read in place, copied only for {@code byte[]}.
 */
final class MessageView implements Inbound {

    private final Message message;
    private final String filter;
    private final int qos;
    private final boolean retained;
    private final boolean duplicate;
    private final PayloadCodec codec;
    private String[] wildcards;

    MessageView(Message message, String filter, int qos, boolean retained, boolean duplicate, PayloadCodec codec) {
        this.message = message;
        this.filter = filter;
        this.qos = qos;
        this.retained = retained;
        this.duplicate = duplicate;
        this.codec = codec;
    }

    @Override
    public String topic() {
        return message.topic();
    }

    @Override
    public int qos() {
        return qos;
    }

    @Override
    public boolean retained() {
        return retained;
    }

    @Override
    public boolean duplicate() {
        return duplicate;
    }

    @Override
    public String wildcard(int index) {
        if (wildcards == null) {
            wildcards = Topics.wildcardValues(filter, message.topic());
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
        return ByteBufUtil.getBytes(payload());
    }

    @Override
    public ByteBuffer payloadBuffer() {
        return payload().nioBuffer().asReadOnlyBuffer();
    }

    @Override
    public String payloadString() {
        return payload().toString(StandardCharsets.UTF_8);
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
        for (PublishProperties.UserProperty property : message.properties().userProperties()) {
            if (property.name().equals(name)) {
                return property.value();
            }
        }
        return null;
    }

    @Override
    public String contentType() {
        return message.properties().contentType();
    }

    @Override
    public String responseTopic() {
        return message.properties().responseTopic();
    }

    @Override
    public byte[] correlationData() {
        return message.properties().correlationData();
    }

    private ByteBuf payload() {
        ByteBuf payload = message.payload();
        return payload.slice(payload.readerIndex(), payload.readableBytes());
    }
}
