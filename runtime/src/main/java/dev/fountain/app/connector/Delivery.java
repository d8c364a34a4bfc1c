package dev.fountain.app.connector;

import java.nio.ByteBuffer;

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
    byte[] payloadBytes();

    /** The payload decoded as UTF-8. */
    String payloadString();

    /** MQTT 5 Content Type, or {@code null}. */
    String contentType();

    /** MQTT 5 Response Topic, or {@code null}. */
    String responseTopic();

    /** MQTT 5 Correlation Data, or {@code null}. */
    byte[] correlationData();

    /** The first MQTT 5 user property named {@code name}, or {@code null}. */
    String userProperty(String name);

    void done();
}
