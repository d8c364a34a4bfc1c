package dev.fountain.app.connector;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One message delivered to a route. {@link #done()} acknowledges it to the broker (PUBACK or
 * PUBCOMP for QoS 1 and 2) and must be called exactly once, after the handler ran: until then a
 * QoS 1 or 2 message holds a place in the route's in-flight window.
 */
public interface Delivery {

    String topic();

    /** The QoS it was delivered at: the lower of the published and the subscribed one. */
    int qos();

    /** Whether it is a retained message sent because of a new subscription. */
    boolean retained();

    boolean duplicate();

    /** The payload, read-only and valid until {@link #done()}. */
    ByteBuffer payload();

    /** A copy of the payload. */
    default byte[] payloadBytes() {
        ByteBuffer payload = payload();
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }

    /** The payload decoded as UTF-8. */
    default String payloadString() {
        return StandardCharsets.UTF_8.decode(payload().duplicate()).toString();
    }

    // The MQTT 5 metadata; a message that came over MQTT 3.1.1 has none.

    /** MQTT 5 Content Type, or {@code null}. */
    default String contentType() {
        return null;
    }

    /** MQTT 5 Response Topic, or {@code null}. */
    default String responseTopic() {
        return null;
    }

    /** MQTT 5 Correlation Data, or {@code null}. */
    default byte[] correlationData() {
        return null;
    }

    /** The first MQTT 5 user property named {@code name}, or {@code null}. */
    default String userProperty(String name) {
        return null;
    }

    void done();
}
