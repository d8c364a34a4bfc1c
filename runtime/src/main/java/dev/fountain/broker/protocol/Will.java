package dev.fountain.broker.protocol;

/**
 * The Will Message of a connection: published when the connection ends without DISCONNECT
 * [MQTT-3.1.2-8], dropped after DISCONNECT [MQTT-3.1.2-10].
 */
record Will(String topic, byte[] payload, int qos, boolean retain) {
}
