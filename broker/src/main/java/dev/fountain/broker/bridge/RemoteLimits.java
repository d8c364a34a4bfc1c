package dev.fountain.broker.bridge;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

/**
 * What a remote broker's MQTT 5 CONNACK says the bridge may do (section 3.2.2.3); a 3.1.1 broker
 * says nothing, so the protocol's defaults hold.
 *
 * @param maximumPacketSize the largest packet it takes, 0 for the protocol's limit
 * @param keepAliveSeconds its Server Keep Alive, or the bridge's own interval
 */
record RemoteLimits(int receiveMaximum, long maximumPacketSize, boolean retainAvailable, int maximumQos,
        int keepAliveSeconds) {

    private static final int RECEIVE_MAXIMUM = 65_535;

    static RemoteLimits defaults(int keepAliveSeconds) {
        return new RemoteLimits(RECEIVE_MAXIMUM, 0, true, 2, keepAliveSeconds);
    }

    static RemoteLimits of(MqttProperties properties, int keepAliveSeconds) {
        return new RemoteLimits((int) integer(properties, MqttPropertyType.RECEIVE_MAXIMUM, RECEIVE_MAXIMUM),
                integer(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, 0),
                integer(properties, MqttPropertyType.RETAIN_AVAILABLE, 1) == 1,
                (int) integer(properties, MqttPropertyType.MAXIMUM_QOS, 2),
                (int) integer(properties, MqttPropertyType.SERVER_KEEP_ALIVE, keepAliveSeconds));
    }

    private static long integer(MqttProperties properties, MqttPropertyType type, long absent) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? absent : ((Integer) property.value()) & 0xFFFF_FFFFL;
    }
}
