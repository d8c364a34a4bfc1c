package dev.fountain.broker.session;

import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.Subscriber;
import dev.fountain.broker.routing.Subscription;
import dev.fountain.broker.routing.SubscriptionIndex;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The state the broker keeps for one client identifier [MQTT-3.1.2-4]: its subscriptions, the
 * messages it is owed, and the QoS 2 packet identifiers it has sent and not yet released.
 *
 * <p>A session belongs to one thread at a time, the event loop of its connection, and all its
 * state is touched only there, without locks. Other threads hand it work through a mailbox that
 * is drained in batches on that thread, so a burst of messages from another event loop costs one
 * task, and everything written in a batch leaves in one flush. When a client reconnects on another
 * event loop, the session finishes its current task, moves, and carries on there; since the
 * mailbox is first in, first out throughout, messages from one publisher keep their order.
 */
public final class Session implements Subscriber {

    private static final int BATCH = 256;

    private final String clientId;
    private final boolean clean;
    private final Sessions sessions;
    private final SubscriptionIndex index;
    private final BrokerLog log;
    private final Queue<SessionTask> mailbox = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile EventExecutor executor;
    private volatile String username;
    private volatile long offlineSinceNanos;

    // Owned by the executor's thread.
    private SessionTask resumeAfterMove;
    private ClientConnection connection;
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final Outbox outbox;
    private IntObjectHashMap<Boolean> unreleasedQos2;
    private boolean ended;

    Session(String clientId, boolean clean, EventExecutor executor, Sessions sessions) {
        this.clientId = clientId;
        this.clean = clean;
        this.executor = executor;
        this.sessions = sessions;
        this.index = sessions.index();
        this.log = sessions.log();
        this.outbox = new Outbox(sessions.limits());
        this.offlineSinceNanos = System.nanoTime();
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String username() {
        return username;
    }

    /** Whether this session ends with its connection (CleanSession = 1). */
    public boolean isClean() {
        return clean;
    }

    /** The thread that owns this session now. */
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public void offer(Message message, int qos, boolean retain) {
        tell(session -> session.deliver(message, qos, retain));
    }

    /** Hands {@code task} to the session's thread; callable from any thread. */
    void tell(SessionTask task) {
        mailbox.offer(task);
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        EventExecutor here = executor;
        for (int done = 0; done < BATCH; done++) {
            SessionTask task = resumeAfterMove;
            resumeAfterMove = null;
            if (task == null) {
                task = mailbox.poll();
            }
            if (task == null) {
                break;
            }
            task.run(this);
            if (executor != here) {
                // The task moved the session; the rest of the mailbox is for the new thread.
                flushConnection();
                executor.execute(this::drain);
                return;
            }
        }
        flushConnection();
        scheduled.set(false);
        if ((!mailbox.isEmpty() || resumeAfterMove != null) && scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void flushConnection() {
        if (connection != null) {
            connection.flush();
        }
    }

    /**
     * Gives this session to {@code newConnection}, closing the connection that has it now [MQTT-3.1.4-2];
     * ends with {@link ClientConnection#sessionAttached} on the new connection's thread.
     */
    public void attach(ClientConnection newConnection, String newUsername, boolean sessionPresent) {
        tell(new SessionTask() {
            @Override
            public void run(Session session) {
                if (connection != null && connection != newConnection) {
                    connection.takenOver();
                    connection = null;
                }
                if (newConnection.executor() != executor) {
                    executor = newConnection.executor();
                    resumeAfterMove = this;
                    return;
                }
                if (ended) {
                    // A later CONNECT with CleanSession = 1 replaced this session before it was ours.
                    newConnection.takenOver();
                    return;
                }
                if (!newConnection.isOpen()) {
                    if (clean) {
                        end();
                    }
                    return;
                }
                username = newUsername;
                connection = newConnection;
                newConnection.sessionAttached(Session.this, sessionPresent);
                outbox.resend(newConnection);
                outbox.pump(newConnection);
            }
        });
    }

    /** The connection closed: keep the session for the client's return, or end it when clean. */
    public void detach(ClientConnection closed) {
        tell(session -> {
            if (connection != closed) {
                return;
            }
            connection = null;
            offlineSinceNanos = System.nanoTime();
            if (clean) {
                end();
            }
        });
    }

    /** Another session took this client identifier with CleanSession = 1: close and forget. */
    void replace() {
        tell(session -> {
            if (connection != null) {
                connection.takenOver();
                connection = null;
            }
            end();
        });
    }

    /** Ends a session that has been offline longer than {@code persistent_client_expiration}. */
    void expireIfOfflineSince(long nanos) {
        tell(session -> {
            if (connection == null && offlineSinceNanos == nanos && !ended) {
                log.notice("Expiring client " + clientId + " due to timeout.");
                end();
            }
        });
    }

    /** Ends the session as the broker stops: close the connection, release everything held. */
    void shutdown() {
        tell(session -> {
            connection = null;
            if (!ended) {
                end();
            }
        });
    }

    long offlineSinceNanos() {
        return offlineSinceNanos;
    }

    boolean isOnline() {
        return connection != null;
    }

    private void deliver(Message message, int qos, boolean retain) {
        if (ended) {
            message.release();
            return;
        }
        Outbox.Outcome outcome = outbox.offer(connection, message, qos, retain);
        if (outcome == Outbox.Outcome.DROPPED_QUEUE_FULL && outbox.firstDropOfRun()) {
            log.notice("Outgoing messages are being dropped for client " + clientId + ".");
        }
    }

    // The methods below run on the session's thread, called by its attached connection.

    /** Delivers a retained message for a new subscription, with RETAIN 1 [MQTT-3.3.1-8]. */
    public void deliverRetained(Message message, int qos) {
        deliver(message, qos, true);
    }

    /**
     * Adds or replaces the subscription to {@code filter}.
     *
     * @return whether it replaced an existing one
     */
    public boolean subscribe(String filter, int qos) {
        Subscription subscription = new Subscription(this, filter, qos);
        index.add(subscription);
        return subscriptions.put(filter, subscription) != null;
    }

    /** @return whether there was a subscription to {@code filter} */
    public boolean unsubscribe(String filter) {
        if (subscriptions.remove(filter) == null) {
            return false;
        }
        index.remove(this, filter);
        return true;
    }

    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    /** PUBACK received. */
    public void acknowledged(int packetId) {
        if (outbox.acknowledge(packetId)) {
            outbox.pump(connection);
        }
    }

    /** PUBREC received; the caller answers with PUBREL whatever this returns. */
    public boolean received(int packetId) {
        return outbox.received(packetId);
    }

    /** PUBCOMP received. */
    public void completed(int packetId) {
        if (outbox.completed(packetId)) {
            outbox.pump(connection);
        }
    }

    /** Sends what is queued, now that the connection can take more. */
    public void writable() {
        if (connection != null) {
            outbox.pump(connection);
        }
    }

    /**
     * Records an incoming QoS 2 PUBLISH. Only the first copy of a packet identifier is routed; a
     * retry (DUP) before PUBREL is acknowledged but not delivered again, which is what makes QoS 2
     * exactly once [MQTT-4.3.3-2].
     *
     * @return whether this identifier is new, so the message must be routed
     */
    public boolean firstQos2Publish(int packetId) {
        if (unreleasedQos2 == null) {
            unreleasedQos2 = new IntObjectHashMap<>(4);
        }
        return unreleasedQos2.put(packetId, Boolean.TRUE) == null;
    }

    /** PUBREL received: the identifier may be used for a new message again. */
    public void released(int packetId) {
        if (unreleasedQos2 != null) {
            unreleasedQos2.remove(packetId);
        }
    }

    int inFlightCount() {
        return outbox.inFlightCount();
    }

    int queuedCount() {
        return outbox.queuedCount();
    }

    private void end() {
        ended = true;
        for (String filter : subscriptions.keySet()) {
            index.remove(this, filter);
        }
        subscriptions.clear();
        outbox.clear();
        sessions.forget(this);
    }

    @Override
    public String toString() {
        return "Session[" + clientId + (clean ? ", clean" : ", persistent") + "]";
    }
}
