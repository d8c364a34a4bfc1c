package dev.fountain.broker.protocol;

import dev.fountain.broker.routing.PublishProperties;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

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
        return PublishProperties.of(properties);
    }

    static void addInteger(MqttProperties properties, MqttPropertyType type, int value) {
        properties.add(new MqttProperties.IntegerProperty(type.value(), value));
    }

    static void addString(MqttProperties properties, MqttPropertyType type, String value) {
        properties.add(new MqttProperties.StringProperty(type.value(), value));
    }
}
