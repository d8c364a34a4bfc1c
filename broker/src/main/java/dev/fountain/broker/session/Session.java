package dev.fountain.broker.session;

import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.Subscriber;
import dev.fountain.broker.routing.Subscription;
import dev.fountain.broker.routing.SubscriptionIndex;
import dev.fountain.broker.routing.SubscriptionList;
import dev.fountain.broker.store.Store;
import dev.fountain.broker.store.StoredSession;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The state the broker keeps for one client identifier [MQTT-3.1.2-4]: its subscriptions, the
 * messages it is owed, and the QoS 2 packet identifiers it has sent and not yet released. It lives
 * on after its connection for the Session Expiry Interval (MQTT 5), or, in MQTT 3.1.1 terms, until
 * a CleanSession connection (interval 0) ends.
 *
 * <p>A session belongs to one thread at a time, the event loop of its connection, and all its
 * state is touched only there, without locks. Other threads hand it work through a mailbox that
 * is drained in batches on that thread, so a burst of messages from another event loop costs one
 * task, and everything written in a batch leaves in one flush. When a client reconnects on another
 * event loop, the session finishes its current task, moves, and carries on there; since the
 * mailbox is first in, first out throughout, messages from one publisher keep their order.
 */
public final class Session implements Subscriber {

    /** MQTT 5's "never expires" Session Expiry Interval. */
    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    private static final int BATCH = 256;
    private static final VarHandle SCHEDULED;
    private static final VarHandle LAST_LETTER;

    static {
        try {
            SCHEDULED = MethodHandles.lookup().findVarHandle(Session.class, "scheduled", boolean.class);
            LAST_LETTER = MethodHandles.lookup().findVarHandle(Session.class, "lastLetter", Letter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String clientId;
    /** A bridge's local session: not held to the ACL, and not expired by persistent_client_expiration. */
    private final boolean bridge;
    /** Whether network clients find it by its client identifier: only such a session is stored. */
    private final boolean registered;
    private final Sessions sessions;
    private final Store store;
    private final SubscriptionIndex index;
    private final BrokerLog log;
    /**
     * The mailbox: a linked queue of letters, many threads put, the session's thread takes
     * (Vyukov's intrusive MPSC queue), built into the session. An idle session holds one letter,
     * the last one taken. Netty's MPSC queues start with an array of 1,024 slots (4 KiB) or, chunked,
     * with a padded object of 600 bytes, and a ConcurrentLinkedQueue with itself and two nodes, for
     * every idle client, where most sessions never hold more than a few tasks.
     */
    private volatile Letter lastLetter;
    /** The last letter taken (its task gone), whose next is the first to take; the session's thread only. */
    private Letter takenLetter;
    /** Whether a drain of the mailbox is on its way (a field and a VarHandle, not an AtomicBoolean each). */
    private volatile boolean scheduled;
    private volatile EventExecutor executor;
    private volatile String username;
    private volatile long expirySeconds;
    /**
     * The store's identifier while the session outlives its connection and persistence is on, else
     * 0. Read by publishers' threads to journal what they queue here; a message queued as it
     * changes is either journaled for a session the store then ends, or not journaled for one that
     * has no subscriptions yet.
     */
    private volatile long storeId;

    // Owned by the executor's thread.
    private SessionTask resumeAfterMove;
    private ClientConnection connection;
    /** The same objects the index holds; the index finds one by its filter. */
    private final SubscriptionList subscriptions = new SubscriptionList();
    /** Made with the first message for the client: an idle client's session has none. */
    private Outbox outbox;
    /** The client's Receive Maximum, for the outbox when it is made; 0 until a connection attaches. */
    private int receiveMaximum;
    private IntObjectHashMap<Boolean> unreleasedQos2;
    private ScheduledFuture<?> expiryTimer;
    private Runnable delayedWill;
    private ScheduledFuture<?> willTimer;
    private boolean ended;

    Session(String clientId, long expirySeconds, EventExecutor executor, Sessions sessions, boolean registered) {
        this(clientId, expirySeconds, executor, sessions, registered, false);
    }

    Session(String clientId, long expirySeconds, EventExecutor executor, Sessions sessions, boolean registered,
            boolean bridge) {
        this.clientId = clientId;
        this.bridge = bridge;
        this.registered = registered;
        this.store = sessions.store();
        this.expirySeconds = expirySeconds;
        this.executor = executor;
        this.sessions = sessions;
        this.index = sessions.index();
        this.log = sessions.log();
        Letter stub = new Letter(null);
        this.takenLetter = stub;
        this.lastLetter = stub;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public boolean aclExempt() {
        return bridge;
    }

    /** Whether this session ends with its connection (CleanSession 1, or Session Expiry Interval 0). */
    public boolean endsWithConnection() {
        return expirySeconds == 0;
    }

    /** The thread that owns this session now. */
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public void offer(Message message, int qos, boolean retain, int[] subscriptionIds, String sharedFilter) {
        // Journaled here, on the publisher's thread, before the publisher's acknowledgement is
        // written: that write then waits for this record to be on disk.
        long stored = storeId;
        long entryId = stored != 0 && qos > 0 ? store.enqueued(stored, message, qos, retain, subscriptionIds) : 0;
        tell(session -> session.deliver(new Outbox.Queued(message, qos, retain, subscriptionIds, sharedFilter,
                entryId)));
    }

    /** Hands {@code task} to the session's thread; callable from any thread. */
    public void tell(SessionTask task) {
        Letter letter = new Letter(task);
        Letter previous = (Letter) LAST_LETTER.getAndSet(this, letter);
        previous.next = letter;
        if (SCHEDULED.compareAndSet(this, false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException stopped) {
                // The broker has stopped and every session with it: an in-process client closed after
                // the broker (an application shutting down in any order) has nothing left to undo.
            }
        }
    }

    /** The next task of the mailbox, or {@code null}; on the session's thread. */
    private SessionTask takeLetter() {
        Letter next = takenLetter.next;
        if (next == null) {
            return null;
        }
        SessionTask task = next.task;
        next.task = null;
        takenLetter = next;
        return task;
    }

    /** One task in the mailbox. */
    private static final class Letter {
        SessionTask task;
        volatile Letter next;

        Letter(SessionTask task) {
            this.task = task;
        }
    }

    private void drain() {
        EventExecutor here = executor;
        for (int done = 0; done < BATCH; done++) {
            SessionTask task = resumeAfterMove;
            resumeAfterMove = null;
            if (task == null) {
                task = takeLetter();
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
        scheduled = false;
        // A letter being put (the last one swapped, not yet linked) counts: the drain comes back for it.
        if ((lastLetter != takenLetter || resumeAfterMove != null) && SCHEDULED.compareAndSet(this, false, true)) {
            executor.execute(this::drain);
        }
    }

    private void flushConnection() {
        if (connection != null) {
            connection.flush();
        }
    }

    /**
     * Gives this session to {@code newConnection}, closing the connection that has it now
     * [MQTT-3.1.4-2]; ends with {@link ClientConnection#sessionAttached} on the new connection's
     * thread. A delayed Will Message of the previous connection is not sent [MQTT-3.1.3-9].
     *
     * @param newExpirySeconds the Session Expiry Interval the new connection asked for
     * @param receiveMaximum how many QoS 1 and 2 messages the client takes unacknowledged
     */
    public void attach(ClientConnection newConnection, String newUsername, boolean sessionPresent,
            long newExpirySeconds, int receiveMaximum) {
        tell(new SessionTask() {
            @Override
            public void run(Session session) {
                if (connection != null && connection != newConnection) {
                    connection.takenOver(true);
                    connection = null;
                }
                if (newConnection.executor() != executor) {
                    cancelTimers();
                    executor = newConnection.executor();
                    resumeAfterMove = this;
                    return;
                }
                if (ended) {
                    // A later CONNECT with a clean start replaced this session before it was ours.
                    newConnection.takenOver(false);
                    return;
                }
                cancelTimers();
                if (delayedWill != null && storeId != 0) {
                    store.willCleared(storeId);
                }
                delayedWill = null;
                expirySeconds = newExpirySeconds;
                journalOpened(newUsername);
                if (!newConnection.isOpen()) {
                    detached();
                    return;
                }
                username = newUsername;
                connection = newConnection;
                Session.this.receiveMaximum = receiveMaximum;
                if (outbox != null) {
                    outbox.clientReceiveMaximum(receiveMaximum);
                }
                newConnection.sessionAttached(Session.this, sessionPresent);
                if (outbox != null) {
                    outbox.resend(newConnection);
                    outbox.pump(newConnection);
                }
            }
        });
    }

    /** Journals that the session outlives its connection, or that it no longer does. */
    private void journalOpened(String newUsername) {
        if (!registered || !store.durable()) {
            return;
        }
        if (expirySeconds != 0) {
            if (storeId == 0) {
                storeId = store.newSessionId();
            }
            store.sessionOpened(storeId, clientId, newUsername, expirySeconds);
        } else if (storeId != 0) {
            store.sessionEnded(storeId);
            storeId = 0;
        }
    }

    /** Whether the store keeps this session, so a delayed will should be handed over as a message too. */
    public boolean stored() {
        return storeId != 0;
    }

    /**
     * The connection closed: keep the session for the client's return, until its expiry interval
     * has passed, or end it now.
     *
     * @param will the connection's Will Message to publish after {@code willDelaySeconds}, or at
     *     the session's end if that comes first; {@code null} when there is none or it was sent
     * @param willMessage the same will as a message, for the store to keep while the session is
     *     {@link #stored()}; {@code null} otherwise. One reference is taken over.
     * @param finalExpirySeconds the expiry interval as the client's DISCONNECT set it last, or -1
     */
    public void detach(ClientConnection closed, Runnable will, Message willMessage, long willDelaySeconds,
            long finalExpirySeconds) {
        tell(session -> {
            try {
                if (connection != closed) {
                    if (will != null) {
                        will.run();
                    }
                    return;
                }
                connection = null;
                if (finalExpirySeconds >= 0) {
                    expirySeconds = finalExpirySeconds;
                }
                if (will != null) {
                    delayedWill = will;
                    willTimer = executor.schedule(this::sendDelayedWill, willDelaySeconds, TimeUnit.SECONDS);
                    if (storeId != 0 && willMessage != null && expirySeconds != 0) {
                        store.willDelayed(storeId, willMessage,
                                System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(willDelaySeconds));
                    }
                }
                if (storeId != 0 && expirySeconds != 0) {
                    store.sessionDetached(storeId, expirySeconds);
                }
                detached();
            } finally {
                if (willMessage != null) {
                    willMessage.release();
                }
            }
        });
    }

    private void detached() {
        expireAfter(bridge ? expirySeconds : sessions.grantedExpiry(expirySeconds));
    }

    private void expireAfter(long expiry) {
        if (expiry == 0) {
            end();
        } else if (expiry != NEVER_EXPIRES) {
            expiryTimer = executor.schedule(() -> {
                if (connection == null && !ended) {
                    log.notice("Expiring client " + clientId + " due to timeout.");
                    end();
                }
            }, expiry, TimeUnit.SECONDS);
        }
    }

    private void sendDelayedWill() {
        Runnable will = delayedWill;
        delayedWill = null;
        if (will != null && connection == null) {
            will.run();
            if (storeId != 0) {
                store.willCleared(storeId);
            }
        }
    }

    private void cancelTimers() {
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
        if (willTimer != null) {
            willTimer.cancel(false);
            willTimer = null;
        }
    }

    /** Another session took this client identifier with a clean start: close and forget. */
    void replace() {
        tell(session -> {
            if (connection != null) {
                connection.takenOver(false);
                connection = null;
            }
            end();
        });
    }

    /**
     * Ends the session now, whatever its connection, and releases everything it holds: as the
     * broker stops, or as the owner of an unregistered session (a bridge) closes.
     */
    public void shutdown() {
        tell(session -> {
            connection = null;
            delayedWill = null;
            if (!ended) {
                end();
            }
        });
    }

    private void deliver(Outbox.Queued delivery) {
        Message message = delivery.message();
        if (ended) {
            if (delivery.sharedFilter() != null && delivery.qos() > 0) {
                index.redeliverShared(delivery.sharedFilter(), message, delivery.qos(), this);
            } else {
                message.release();
            }
            return;
        }
        Outbox.Outcome outcome = outbox().offer(connection, delivery);
        if (outcome == Outbox.Outcome.DROPPED_QUEUE_FULL && outbox.firstDropOfRun()) {
            log.notice("Outgoing messages are being dropped for client " + clientId + ".");
        } else if (outcome == Outbox.Outcome.DROPPED_TOO_LARGE) {
            log.notice("Dropped a message on '" + message.topic() + "' for client " + clientId
                    + ": larger than its Maximum Packet Size.");
        }
    }

    // The methods below run on the session's thread, called by its attached connection.

    /** Delivers a retained message for a new subscription, with RETAIN 1 [MQTT-3.3.1-8]. */
    public void deliverRetained(Message message, int qos, int[] subscriptionIds) {
        long entryId = storeId != 0 && qos > 0 ? store.enqueued(storeId, message, qos, true, subscriptionIds) : 0;
        deliver(new Outbox.Queued(message, qos, true, subscriptionIds, null, entryId));
    }

    /**
     * Adds or replaces a subscription.
     *
     * @return whether it replaced an existing one to the same filter
     */
    public boolean subscribe(Subscription subscription) {
        if (storeId != 0) {
            // before the index takes it, while the subscription still holds the filter as given
            store.subscribed(storeId, subscription);
        }
        Subscription replaced = index.add(subscription);
        subscriptions.put(subscription, replaced);
        return replaced != null;
    }

    /** @return whether there was a subscription to {@code filter} */
    public boolean unsubscribe(String filter) {
        Subscription removed = index.remove(this, filter);
        if (removed == null) {
            return false;
        }
        subscriptions.remove(removed);
        if (storeId != 0) {
            store.unsubscribed(storeId, filter);
        }
        return true;
    }

    public List<Subscription> subscriptions() {
        List<Subscription> all = new ArrayList<>(subscriptions.size());
        for (int i = 0; i < subscriptions.size(); i++) {
            all.add(subscriptions.get(i));
        }
        return all;
    }

    /** PUBACK received. */
    public AckOutcome acknowledged(int packetId) {
        if (outbox == null) {
            return AckOutcome.UNKNOWN;
        }
        AckOutcome outcome = outbox.acknowledge(packetId);
        if (outcome == AckOutcome.DONE) {
            outbox.pump(connection);
        }
        return outcome;
    }

    /** PUBREC received; unless it was of the wrong kind, the caller answers with PUBREL. */
    public AckOutcome received(int packetId) {
        return outbox == null ? AckOutcome.UNKNOWN : outbox.received(packetId);
    }

    /** PUBCOMP received. */
    public AckOutcome completed(int packetId) {
        if (outbox == null) {
            return AckOutcome.UNKNOWN;
        }
        AckOutcome outcome = outbox.completed(packetId);
        if (outcome == AckOutcome.DONE) {
            outbox.pump(connection);
        }
        return outcome;
    }

    /** Sends what is queued, now that the connection can take more. */
    public void writable() {
        if (connection != null && outbox != null) {
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
        boolean first = unreleasedQos2.put(packetId, Boolean.TRUE) == null;
        if (first && storeId != 0) {
            store.qos2Received(storeId, packetId);
        }
        return first;
    }

    /** How many incoming QoS 2 messages wait for their PUBREL: the client's share of Receive Maximum. */
    public int unreleasedQos2Count() {
        return unreleasedQos2 == null ? 0 : unreleasedQos2.size();
    }

    /**
     * PUBREL received: the identifier may be used for a new message again.
     *
     * @return whether the identifier was waiting for its PUBREL
     */
    public boolean released(int packetId) {
        boolean known = unreleasedQos2 != null && unreleasedQos2.remove(packetId) != null;
        if (known && storeId != 0) {
            store.qos2Released(storeId, packetId);
        }
        return known;
    }

    /**
     * Whether a QoS 1 or 2 message in flight has {@code packetId}, so that a connection sending
     * packets of its own (a bridge's SUBSCRIBE) picks another [MQTT-2.3.1-2].
     */
    public boolean packetIdInUse(int packetId) {
        return outbox != null && outbox.inFlight(packetId);
    }

    private Outbox outbox() {
        if (outbox == null) {
            outbox = new Outbox(sessions.limits(), store, sessions.stats());
            if (receiveMaximum > 0) {
                outbox.clientReceiveMaximum(receiveMaximum);
            }
        }
        return outbox;
    }

    int inFlightCount() {
        return outbox == null ? 0 : outbox.inFlightCount();
    }

    int queuedCount() {
        return outbox == null ? 0 : outbox.queuedCount();
    }

    private void end() {
        ended = true;
        cancelTimers();
        sendDelayedWill();
        if (storeId != 0 && !sessions.stopping()) {
            store.sessionEnded(storeId);
        }
        storeId = 0;
        index.removeAll(subscriptions);
        subscriptions.clear();
        if (outbox != null) {
            outbox.clear((message, qos, sharedFilter) -> index.redeliverShared(sharedFilter, message, qos, this));
        }
        sessions.forget(this);
    }

    /**
     * Takes up a session from the store after a restart, offline: its subscriptions go back into
     * the index, its messages into the outbox, its timers start again. Called before any client
     * can connect, so before anything else touches it.
     *
     * @param expiryLeft seconds until it expires, or {@link #NEVER_EXPIRES}
     * @return how many messages it is owed
     */
    int restore(StoredSession stored, long expiryLeft) {
        storeId = stored.id();
        username = stored.username();
        for (StoredSession.StoredSubscription s : stored.subscriptions()) {
            Subscription subscription = new Subscription(this, s.filter(), s.qos(), s.noLocal(), s.retainAsPublished(),
                    s.retainHandling(), s.subscriptionId());
            subscriptions.put(subscription, index.add(subscription));
        }
        long now = System.currentTimeMillis();
        int restored = 0;
        for (StoredSession.Entry entry : stored.entries()) {
            if (entry.message().expired(now)) {
                store.done(entry.id());
                continue;
            }
            outbox().restore(new Outbox.Queued(entry.message().toMessage(), entry.qos(), entry.retain(),
                    entry.subscriptionIds(), null, entry.id()), entry.packetId(), entry.received());
            restored++;
        }
        int[] unreleased = stored.unreleasedQos2();
        if (unreleased.length > 0) {
            unreleasedQos2 = new IntObjectHashMap<>(unreleased.length);
            for (int packetId : unreleased) {
                unreleasedQos2.put(packetId, Boolean.TRUE);
            }
        }
        if (stored.will() != null) {
            Message will = stored.will().toMessage();
            delayedWill = () -> sessions.publishWill(will);
            willTimer = executor.schedule(this::sendDelayedWill, Math.max(0, stored.willDueAtMillis() - now),
                    TimeUnit.MILLISECONDS);
        }
        expireAfter(expiryLeft);
        return restored;
    }

    @Override
    public String toString() {
        return "Session[" + clientId + ", expiry " + expirySeconds + " s]";
    }
}
