package dev.fountain.broker.local;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.RetainedMessages;
import dev.fountain.broker.routing.Subscription;
import dev.fountain.broker.session.ClientConnection;
import dev.fountain.broker.session.Session;
import dev.fountain.broker.session.Sessions;
import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.topic.Topics;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * The session side of a {@link LocalClient}: a session like a network client's, subscribed in the
 * same index, whose deliveries go to a {@link Receiver} instead of a socket.
 *
 * <p>Flow control is the receiver's: while {@link Receiver#ready()} is false the session queues
 * (bounded by {@code max_queued_messages}) instead of delivering, and {@link #resume()} sends what
 * waits. A QoS 1 or 2 message counts against the in-flight window until {@link Delivery#done()}.
 */
final class LocalConnection implements ClientConnection {

    private final EventExecutor executor;
    private final String clientId;
    private final String username;
    private final Receiver receiver;
    private final BrokerStats stats;
    private final CompletableFuture<Void> attached = new CompletableFuture<>();
    private volatile Session session;
    private volatile boolean open = true;

    private LocalConnection(EventExecutor executor, String clientId, String username, Receiver receiver,
            BrokerStats stats) {
        this.executor = executor;
        this.stats = stats;
        this.clientId = clientId;
        this.username = username;
        this.receiver = receiver;
    }

    /**
     * Opens a clean session for {@code clientId} that network clients cannot take over: it is not
     * registered under its identifier. {@code username} is its identity for the ACL; {@code null}
     * is an anonymous client's.
     */
    static LocalConnection open(Sessions sessions, String clientId, String username, EventExecutor executor,
            Receiver receiver) {
        LocalConnection connection = new LocalConnection(executor, clientId, username, receiver, sessions.stats());
        Session session = sessions.unregistered(clientId, executor);
        session.attach(connection, username, false, 0, 65_535);
        connection.attached.join();
        return connection;
    }

    Session session() {
        return session;
    }

    String clientId() {
        return clientId;
    }

    String username() {
        return username;
    }

    /** How log lines and errors name this client. */
    String describe() {
        return "in-process client " + clientId + (username == null ? " (anonymous)" : " (user " + username + ")");
    }

    /**
     * Subscribes, and delivers the retained messages the filter matches, as for a network client.
     *
     * @return completes once the subscription is in the index
     */
    CompletableFuture<Void> subscribe(String filter, int qos, RetainedMessages retained) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.tell(s -> {
            s.subscribe(new Subscription(s, filter, qos));
            if (!Topics.isShared(filter)) {
                retained.forEachMatching(filter,
                        message -> s.deliverRetained(message, Math.min(qos, message.qos()), null));
            }
            done.complete(null);
        });
        return done;
    }

    /** The receiver is ready again: send what the session queued meanwhile. */
    void resume() {
        Session current = session;
        if (current != null) {
            executor.execute(current::writable);
        }
    }

    /** Ends the session and its subscriptions. */
    void close() {
        open = false;
        Session current = session;
        if (current != null) {
            current.detach(this, null, null, 0, -1);
        }
    }

    /** A delivery was handled: its QoS 1 or 2 exchange is complete, on the session's thread. */
    void acknowledge(int qos, int packetId) {
        if (qos > 0 && !executor.isShuttingDown()) {
            executor.execute(() -> {
                if (qos == 1) {
                    session.acknowledged(packetId);
                } else {
                    session.received(packetId);
                    session.completed(packetId);
                }
            });
        }
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isWritable() {
        return receiver.ready();
    }

    @Override
    public boolean fits(Message message, int qos, int[] subscriptionIds) {
        return true;
    }

    @Override
    public void sendPublish(Message message, int qos, boolean retain, boolean duplicate, int packetId,
            int[] subscriptionIds) {
        stats.here().sent(qos);
        receiver.receive(new Delivery(this, message, qos, retain, duplicate, packetId));
    }

    @Override
    public void sendPubrel(int packetId) {
        // A local receiver completes QoS 2 in done(); a PUBREL only follows a reconnect, which
        // a local connection never makes, so completing here is all that is left to do.
        executor.execute(() -> session.completed(packetId));
    }

    @Override
    public void flush() {
    }

    @Override
    public void sessionAttached(Session attachedSession, boolean sessionPresent) {
        this.session = attachedSession;
        attached.complete(null);
    }

    @Override
    public void takenOver(boolean sessionResumed) {
        open = false;
    }
}
