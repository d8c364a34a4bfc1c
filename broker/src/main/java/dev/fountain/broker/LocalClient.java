package dev.fountain.broker;

import dev.fountain.broker.routing.RetainedMessages;
import dev.fountain.broker.session.LocalConnection;
import dev.fountain.topic.Topics;
import java.util.concurrent.CompletableFuture;

/**
 * A client inside the broker's JVM: subscriptions in the same index and with the same matching as
 * network clients', deliveries handed to a {@link LocalConnection.Receiver} without a socket.
 * Created by {@link Broker#localClient}.
 */
public final class LocalClient implements AutoCloseable {

    private final LocalConnection connection;
    private final RetainedMessages retained;

    LocalClient(LocalConnection connection, RetainedMessages retained) {
        this.connection = connection;
        this.retained = retained;
    }

    /**
     * Subscribes to {@code filter} (a shared one, {@code $share/group/filter}, included); the
     * retained messages it matches are delivered first, as to a network client.
     *
     * @throws IllegalArgumentException when the filter is invalid, saying why
     */
    public CompletableFuture<Void> subscribe(String filter, int qos) {
        String problem = Topics.filterProblem(filter);
        if (problem != null) {
            throw new IllegalArgumentException("invalid topic filter '" + filter + "': " + problem);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, was " + qos);
        }
        return connection.subscribe(filter, qos, retained);
    }

    /** The receiver can take more: deliver what was queued while it could not. */
    public void resume() {
        connection.resume();
    }

    @Override
    public void close() {
        connection.close();
    }
}
