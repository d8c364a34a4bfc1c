package dev.fountain.broker.local;

import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.broker.routing.RetainedMessages;
import dev.fountain.broker.session.Sessions;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * A client inside the broker's JVM: subscriptions in the same index and with the same matching as
 * network clients', deliveries handed to a {@link Receiver} without a socket, publishes routed like
 * a network client's. The application runtime talks to the embedded broker only through this.
 * Created by {@code Broker.localClient}.
 */
public final class LocalClient implements AutoCloseable {

    private final LocalConnection connection;
    private final RetainedMessages retained;
    private final LocalPublisher publisher;

    private LocalClient(LocalConnection connection, RetainedMessages retained, LocalPublisher publisher) {
        this.connection = connection;
        this.retained = retained;
        this.publisher = publisher;
    }

    /**
     * Opens a client on a clean session that network clients cannot take over, with
     * {@code username} as its identity for the ACL ({@code null}: anonymous).
     */
    public static LocalClient open(Sessions sessions, RetainedMessages retained, LocalPublisher publisher,
            String clientId, String username, EventExecutor executor, Receiver receiver) {
        return new LocalClient(LocalConnection.open(sessions, clientId, username, executor, receiver), retained,
                publisher);
    }

    /**
     * Subscribes to {@code filter} (a shared one, {@code $share/group/filter}, included); the
     * retained messages it matches are delivered first, as to a network client.
     *
     * @return completes once the subscription is in the index
     * @throws IllegalArgumentException when the filter is invalid, deeper than
     *     {@code max_topic_levels}, or not the client's to read by the ACL, saying why
     */
    public CompletableFuture<Void> subscribe(String filter, int qos) {
        String problem = publisher.subscribeProblem(connection, filter);
        if (problem != null) {
            throw new IllegalArgumentException("cannot subscribe to '" + filter + "': " + problem);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, was " + qos);
        }
        return connection.subscribe(filter, qos, retained);
    }

    /**
     * Publishes as this client, routed like a network client's PUBLISH; callable from any thread.
     *
     * @throws IllegalArgumentException when the topic or QoS is invalid, saying why
     * @throws NotAuthorisedException when the ACL does not let this client's user write the topic
     */
    public void publish(String topic, byte[] payload, int qos, boolean retain, Metadata metadata) {
        publisher.publish(connection, topic, Unpooled.wrappedBuffer(payload), qos, retain, properties(metadata));
    }

    private static PublishProperties properties(Metadata metadata) {
        if (metadata == Metadata.NONE) {
            return PublishProperties.NONE;
        }
        return new PublishProperties(null, metadata.contentType(), metadata.responseTopic(),
                metadata.correlationData(), metadata.userProperties().stream()
                        .map(p -> new PublishProperties.UserProperty(p.name(), p.value())).toList());
    }

    /** The receiver can take more: deliver what was queued while it could not. */
    public void resume() {
        connection.resume();
    }

    /** Ends the client's session: its subscriptions go, and unacknowledged messages with them. */
    @Override
    public void close() {
        connection.close();
    }
}
