package dev.fountain.broker.session;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.RetainedMessages;
import dev.fountain.broker.routing.Subscription;
import dev.fountain.topic.Topics;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * An in-process client: a session like a network client's, subscribed in the same index, whose
 * deliveries go to a {@link Receiver} instead of a socket. The application runtime subscribes its
 * handlers this way, so they see exactly what a network subscriber would.
 *
 * <p>Flow control is the receiver's: while {@link Receiver#ready()} is false the session queues
 * (bounded by {@code max_queued_messages}) instead of delivering, and {@link #resume()} sends what
 * waits. A QoS 1 or 2 message counts against the in-flight window until {@link Delivery#done()}.
 */
public final class LocalConnection implements ClientConnection {

    /** Where deliveries go; called on the session's event loop, so it must hand work off, not do it. */
    public interface Receiver {
        void receive(Delivery delivery);

        /** Whether the receiver takes more now; false makes the broker queue, bounded. */
        boolean ready();
    }

    /** One message for the receiver, which must call {@link #done()} once it is handled. */
    public final class Delivery {
        private final Message message;
        private final int qos;
        private final boolean retain;
        private final boolean duplicate;
        private final int packetId;

        Delivery(Message message, int qos, boolean retain, boolean duplicate, int packetId) {
            this.message = message;
            this.qos = qos;
            this.retain = retain;
            this.duplicate = duplicate;
            this.packetId = packetId;
        }

        public Message message() {
            return message;
        }

        public int qos() {
            return qos;
        }

        public boolean retain() {
            return retain;
        }

        public boolean duplicate() {
            return duplicate;
        }

        /** Acknowledges the message to the broker and frees it; call exactly once. */
        public void done() {
            message.release();
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
    }

    private final EventExecutor executor;
    private final Receiver receiver;
    private final CompletableFuture<Void> attached = new CompletableFuture<>();
    private volatile Session session;
    private volatile boolean open = true;

    private LocalConnection(EventExecutor executor, Receiver receiver) {
        this.executor = executor;
        this.receiver = receiver;
    }

    /**
     * Opens a clean session for {@code clientId} that network clients cannot take over: it is not
     * registered under its identifier.
     */
    public static LocalConnection open(Sessions sessions, String clientId, EventExecutor executor, Receiver receiver) {
        LocalConnection connection = new LocalConnection(executor, receiver);
        Session session = sessions.unregistered(clientId, executor);
        session.attach(connection, null, false, 0, 65_535);
        connection.attached.join();
        return connection;
    }

    /**
     * Subscribes, and delivers the retained messages the filter matches, as for a network client.
     *
     * @return completes once the subscription is in the index
     */
    public CompletableFuture<Void> subscribe(String filter, int qos, RetainedMessages retained) {
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
    public void resume() {
        Session current = session;
        if (current != null) {
            executor.execute(current::writable);
        }
    }

    /** Ends the session and its subscriptions. */
    public void close() {
        open = false;
        Session current = session;
        if (current != null) {
            current.detach(this, null, 0, -1);
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
    public boolean fits(Message message, int[] subscriptionIds) {
        return true;
    }

    @Override
    public void sendPublish(Message message, int qos, boolean retain, boolean duplicate, int packetId,
            int[] subscriptionIds) {
        receiver.receive(new Delivery(message, qos, retain, duplicate, packetId));
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
    public void takenOver() {
        open = false;
    }
}
