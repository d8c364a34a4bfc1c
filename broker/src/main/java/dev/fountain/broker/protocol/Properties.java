package dev.fountain.broker.protocol;

import dev.fountain.broker.routing.PublishProperties;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.ArrayList;
import java.util.List;

/** Reads MQTT 5 properties out of Netty's {@link MqttProperties}, and makes the ones we send. */
final class Properties {

    private Properties() {
    }

    /** An integer property, or {@code absent} when the packet does not have it. */
    static long integer(MqttProperties properties, MqttPropertyType type, long absent) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? absent : ((Integer) property.value()) & 0xFFFF_FFFFL;
    }

    static String string(MqttProperties properties, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? null : (String) property.value();
    }

    static byte[] binary(MqttProperties properties, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? null : (byte[]) property.value();
    }

    static int count(MqttProperties properties, MqttPropertyType type) {
        return properties.getProperties(type.value()).size();
    }

    /** The properties of a PUBLISH (or a will) that travel with the message. */
    static PublishProperties forwarded(MqttProperties properties) {
        if (properties.isEmpty()) {
            return PublishProperties.NONE;
        }
        long format = integer(properties, MqttPropertyType.PAYLOAD_FORMAT_INDICATOR, -1);
        List<PublishProperties.UserProperty> users = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> property : properties.getProperties(MqttPropertyType.USER_PROPERTY.value())) {
            if (property instanceof MqttProperties.UserProperty single) {
                users.add(new PublishProperties.UserProperty(single.value().key, single.value().value));
            } else if (property instanceof MqttProperties.UserProperties many) {
                many.value().forEach(pair -> users.add(new PublishProperties.UserProperty(pair.key, pair.value)));
            }
        }
        PublishProperties forwarded = new PublishProperties(format < 0 ? null : (int) format,
                string(properties, MqttPropertyType.CONTENT_TYPE), string(properties, MqttPropertyType.RESPONSE_TOPIC),
                binary(properties, MqttPropertyType.CORRELATION_DATA), users);
        return forwarded.isEmpty() ? PublishProperties.NONE : forwarded;
    }

    static void addInteger(MqttProperties properties, MqttPropertyType type, int value) {
        properties.add(new MqttProperties.IntegerProperty(type.value(), value));
    }

    static void addString(MqttProperties properties, MqttPropertyType type, String value) {
        properties.add(new MqttProperties.StringProperty(type.value(), value));
    }
}
