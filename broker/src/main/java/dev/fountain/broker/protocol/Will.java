package dev.fountain.broker.protocol;

import dev.fountain.broker.routing.PublishProperties;

/**
 * The Will Message of a connection: published when the connection ends without DISCONNECT
 * [MQTT-3.1.2-8], dropped after a normal DISCONNECT [MQTT-3.1.2-10]; with MQTT 5, after its Will
 * Delay Interval unless the session is resumed first [MQTT-3.1.3-9].
 *
 * @param expirySeconds the Message Expiry Interval of the will, or -1
 */
record Will(String topic, byte[] payload, int qos, boolean retain, long delaySeconds, long expirySeconds,
        PublishProperties properties) {
}
