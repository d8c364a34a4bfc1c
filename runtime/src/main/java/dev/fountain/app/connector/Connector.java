package dev.fountain.app.connector;

/**
 * The one seam between the application runtime and a broker: routes subscribe through it, replies
 * and {@code Publisher} calls publish through it, and every delivery is acknowledged through it
 * once its handler ran. The first implementation is the embedded broker ({@link EmbeddedConnector});
 * a network client of an external broker or cluster is the second, without a change to dispatch.
 */
public interface Connector extends AutoCloseable {

    /**
     * Subscribes one route under its own name; messages go to {@code receiver}.
     *
     * @param filter a topic filter, {@code $share/<group>/<filter>} for a shared subscription
     * @throws IllegalArgumentException when the broker cannot take the filter, saying why
     */
    Subscription subscribe(String name, String filter, int qos, Receiver receiver);

    /**
     * Publishes {@code payload}; {@code correlationData} (MQTT 5, may be {@code null}) goes with a
     * reply to a request.
     *
     * @throws IllegalArgumentException when the topic or QoS is invalid, saying why
     * @throws PublishRefusedException when the broker's ACL does not let the application write there
     */
    void publish(String topic, byte[] payload, int qos, boolean retain, byte[] correlationData);

    /**
     * Whether the broker can be reached and has every subscription, for readiness: always for the
     * embedded broker; in client mode, while every connection is up and acknowledged.
     */
    default boolean ready() {
        return true;
    }

    /** Ends every subscription made through this connector; the broker itself stays as it is. */
    @Override
    void close();
}
