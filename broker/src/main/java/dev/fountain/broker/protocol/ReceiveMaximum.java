package dev.fountain.broker.protocol;

/**
 * Receive Maximum (MQTT 5 sections 3.1.2.11.3 and 3.2.2.3.3), both sides of it. The client's, from
 * its CONNECT ({@link ClientSettings#receiveMaximum()}), caps the QoS 1 and 2 messages the broker
 * has in flight to it; the session's outbox enforces it [MQTT-3.3.4-7]. The broker's, announced in
 * CONNACK, caps the QoS 2 messages a client may leave unreleased; one more closes the connection
 * [MQTT-3.3.4-9]. MQTT 3.1.1 has neither: its clients get the default.
 */
final class ReceiveMaximum {

    /** The broker's: unreleased incoming QoS 2 messages allowed per client. */
    static final int SERVER = 1024;

    /** A client's when its CONNECT does not set one, and every MQTT 3.1.1 client's. */
    static final int DEFAULT = 65_535;

    private ReceiveMaximum() {
    }

    /** Whether a client with {@code unreleased} QoS 2 messages may not send a new one. */
    static boolean reachedByClient(int unreleased) {
        return unreleased >= SERVER;
    }
}
