package dev.fountain.app.connector.client;

import dev.fountain.app.connector.Delivery;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One MQTT connection to the external broker, whichever protocol version: HiveMQ's client has a
 * separate API for 3.1.1 and 5.0, and this is the part of both the connector uses. Every link keeps
 * a persistent session and reconnects on its own ({@link Reconnection}).
 */
interface Link {

    /**
     * Opens a link; messages go to {@code inbound} on the client's Netty thread, each acknowledged
     * (PUBACK, PUBREC) only when its {@link Delivery#done()} is called.
     */
    static Link open(ClientSettings settings, String clientId, int receiveMaximum, Consumer<Delivery> inbound) {
        Reconnection reconnection = new Reconnection(clientId, settings);
        return settings.mqtt5() ? new Mqtt5Link(settings, clientId, receiveMaximum, reconnection, inbound)
                : new Mqtt3Link(settings, clientId, reconnection, inbound);
    }

    /** Completes on the first successful connection; it is retried with backoff until then. */
    CompletableFuture<Void> connected();

    /** Whether the connection is up at this moment. */
    boolean isConnected();

    /** Why the latest connection attempt failed, if one did: "broker: reason". */
    Optional<String> lastFailure();

    /**
     * Subscribes, and again after every reconnection whether or not the broker kept the session: a
     * broker restarted without its store says "session present" on no firm ground.
     *
     * @return completes on SUBACK, fails when the broker refuses
     */
    CompletableFuture<Void> subscribe(String filter, int qos);

    /**
     * After a reconnection: completes when the broker has acknowledged the subscription again, fails
     * when it refused it. The client's own resubscription is not observable, so this asks again
     * where asking is harmless.
     */
    CompletableFuture<Void> resubscribed(String filter, int qos);

    /**
     * Runs {@code action} on the client's thread after every reconnection, before
     * {@link #isConnected()} says true again.
     */
    void onReconnected(Runnable action);

    /**
     * Publishes, or queues while disconnected (the caller bounds the queue).
     *
     * @return completes when the broker took it (PUBACK, PUBCOMP; at once for QoS 0), fails when it refused
     * @throws IllegalArgumentException when the topic or QoS is invalid
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain, byte[] correlationData);

    /** Disconnects normally, keeping the session (and its subscription) for its expiry interval. */
    CompletableFuture<Void> disconnect();
}
