package dev.fountain.broker.routing;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The MQTT 5 properties of a PUBLISH that travel with the message to every subscriber (MQTT 5.0
 * section 3.3.2.3): payload format, content type, response topic, correlation data and user
 * properties. Topic alias and subscription identifiers are per connection and per subscription,
 * so they are not here; the message expiry interval is kept as a deadline on the {@link Message}.
 * A 3.1.1 subscriber receives none of these, as its protocol has no place for them.
 *
 * <p>Their wire form is computed once, here, and copied into every subscriber's PUBLISH.
 */
public final class PublishProperties {

    public static final PublishProperties NONE = new PublishProperties(null, null, null, null, List.of());

    /** One user property. */
    public record UserProperty(String name, String value) {
    }

    // The identifiers (MQTT 5.0 section 2.2.2.2) of the properties that travel with a message.
    private static final int PAYLOAD_FORMAT_INDICATOR = MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value();
    private static final int CONTENT_TYPE = MqttPropertyType.CONTENT_TYPE.value();
    private static final int RESPONSE_TOPIC = MqttPropertyType.RESPONSE_TOPIC.value();
    private static final int CORRELATION_DATA = MqttPropertyType.CORRELATION_DATA.value();
    private static final int USER_PROPERTY = MqttPropertyType.USER_PROPERTY.value();

    private final Integer payloadFormat;
    private final String contentType;
    private final String responseTopic;
    private final byte[] correlationData;
    private final List<UserProperty> userProperties;
    private final byte[] encoded;

    /**
     * @param payloadFormat 0 (bytes) or 1 (UTF-8), or {@code null} when the publisher sent none
     * @param userProperties name/value pairs in the order sent; names may repeat
     */
    public PublishProperties(Integer payloadFormat, String contentType, String responseTopic, byte[] correlationData,
            List<UserProperty> userProperties) {
        this.payloadFormat = payloadFormat;
        this.contentType = contentType;
        this.responseTopic = responseTopic;
        this.correlationData = correlationData;
        this.userProperties = List.copyOf(userProperties);
        this.encoded = encode();
    }

    /**
     * The properties of a decoded PUBLISH (or will) that travel with the message: what a client's
     * PUBLISH and a bridge's incoming one both forward.
     */
    public static PublishProperties of(MqttProperties properties) {
        if (properties.isEmpty()) {
            return NONE;
        }
        MqttProperties.MqttProperty<?> format = properties.getProperty(PAYLOAD_FORMAT_INDICATOR);
        List<UserProperty> users = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> property : properties.getProperties(USER_PROPERTY)) {
            if (property instanceof MqttProperties.UserProperty single) {
                users.add(new UserProperty(single.value().key, single.value().value));
            } else if (property instanceof MqttProperties.UserProperties many) {
                many.value().forEach(pair -> users.add(new UserProperty(pair.key, pair.value)));
            }
        }
        PublishProperties forwarded = new PublishProperties(format == null ? null : (Integer) format.value(),
                (String) value(properties, CONTENT_TYPE), (String) value(properties, RESPONSE_TOPIC),
                (byte[]) value(properties, CORRELATION_DATA), users);
        return forwarded.isEmpty() ? NONE : forwarded;
    }

    private static Object value(MqttProperties properties, int id) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(id);
        return property == null ? null : property.value();
    }

    public Integer payloadFormat() {
        return payloadFormat;
    }

    public String contentType() {
        return contentType;
    }

    public String responseTopic() {
        return responseTopic;
    }

    public byte[] correlationData() {
        return correlationData == null ? null : correlationData.clone();
    }

    public List<UserProperty> userProperties() {
        return userProperties;
    }

    public boolean isEmpty() {
        return encoded.length == 0;
    }

    /** These properties as they appear inside a PUBLISH's property list, without its length. */
    public byte[] encoded() {
        return encoded;
    }

    private byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (payloadFormat != null) {
            out.write(PAYLOAD_FORMAT_INDICATOR);
            out.write(payloadFormat);
        }
        if (contentType != null) {
            out.write(CONTENT_TYPE);
            writeString(out, contentType);
        }
        if (responseTopic != null) {
            out.write(RESPONSE_TOPIC);
            writeString(out, responseTopic);
        }
        if (correlationData != null) {
            out.write(CORRELATION_DATA);
            writeBinary(out, correlationData);
        }
        for (UserProperty property : userProperties) {
            out.write(USER_PROPERTY);
            writeString(out, property.name());
            writeString(out, property.value());
        }
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        writeBinary(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBinary(ByteArrayOutputStream out, byte[] value) {
        out.write(value.length >>> 8);
        out.write(value.length & 0xFF);
        out.writeBytes(value);
    }
}
