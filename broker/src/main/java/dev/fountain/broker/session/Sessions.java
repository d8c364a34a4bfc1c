package dev.fountain.broker.session;

import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.SubscriptionIndex;
import dev.fountain.broker.store.Store;
import dev.fountain.broker.store.StoredSession;
import dev.fountain.broker.stats.BrokerStats;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every session by client identifier. Opening decides, atomically per identifier, whether a
 * CONNECT resumes the existing session or starts a new one [MQTT-3.1.2-4], [MQTT-3.1.2-6].
 */
public final class Sessions {

    private final ConcurrentHashMap<String, Session> byClientId = new ConcurrentHashMap<>();
    private final SubscriptionIndex index;
    private final Limits limits;
    private final BrokerLog log;
    private final Store store;
    private volatile Consumer<Message> willPublisher = Message::release;
    private volatile boolean stopping;
    private final BrokerStats stats;

    /** The result of {@link #open}: the session, and whether it existed before (session present). */
    public record Opened(Session session, boolean resumed) {
    }

    public Sessions(SubscriptionIndex index, Limits limits, BrokerLog log) {
        this(index, limits, log, new BrokerStats(), Store.MEMORY);
    }

    /**
     * @param stats where sessions count what they drop, send and hold
     * @param store where sessions that outlive their connection are journaled
     */
    public Sessions(SubscriptionIndex index, Limits limits, BrokerLog log, BrokerStats stats, Store store) {
        this.index = index;
        this.limits = limits;
        this.log = log;
        this.stats = stats;
        this.store = store;
    }

    /** Where the wills of sessions restored from the store go when their delay ends; takes over one reference. */
    public void willPublisher(Consumer<Message> publisher) {
        this.willPublisher = publisher;
    }

    /** What {@link #restore} took up. */
    public record Restored(int sessions, int messages, int expired) {
    }

    /**
     * Takes up the sessions the store recovered, offline, each on one of {@code group}'s threads,
     * before any client connects. A session whose expiry passed while the broker was down ends
     * here; one that was connected when the broker stopped counts as disconnected now.
     */
    public Restored restore(List<StoredSession> stored, EventExecutorGroup group) {
        long now = System.currentTimeMillis();
        int sessionCount = 0;
        int messages = 0;
        int expired = 0;
        for (StoredSession saved : stored) {
            long expiry = grantedExpiry(saved.expirySeconds());
            long left = expiry;
            if (expiry != Session.NEVER_EXPIRES && saved.detachedAtMillis() >= 0) {
                left = expiry - Math.max(0, now - saved.detachedAtMillis()) / 1000;
            }
            if (expiry == 0 || left <= 0) {
                store.sessionEnded(saved.id());
                expired++;
                continue;
            }
            Session session = new Session(saved.clientId(), saved.expirySeconds(), group.next(), this, true);
            messages += session.restore(saved, left);
            byClientId.put(saved.clientId(), session);
            sessionCount++;
        }
        return new Restored(sessionCount, messages, expired);
    }

    void publishWill(Message will) {
        willPublisher.accept(will);
    }

    /**
     * The session for {@code clientId}: the existing one unless {@code cleanStart} is set or the
     * existing one ends with its connection, else a new one that replaces (and closes) any
     * existing one [MQTT-3.1.2-4], [MQTT-3.1.2-5].
     */
    public Opened open(String clientId, boolean cleanStart, long expirySeconds, EventExecutor executor) {
        while (true) {
            Session existing = byClientId.get(clientId);
            if (existing != null && !cleanStart && !existing.endsWithConnection()) {
                return new Opened(existing, true);
            }
            Session fresh = new Session(clientId, expirySeconds, executor, this, true);
            if (existing == null) {
                if (byClientId.putIfAbsent(clientId, fresh) == null) {
                    return new Opened(fresh, false);
                }
            } else if (byClientId.replace(clientId, existing, fresh)) {
                existing.replace();
                return new Opened(fresh, false);
            }
        }
    }

    /** A session for an in-process client, not registered, so no network client can take it over. */
    public Session unregistered(String clientId, EventExecutor executor) {
        return new Session(clientId, 0, executor, this, false);
    }

    /**
     * The local session of an outgoing bridge: unregistered like an in-process client's, and, as in
     * Mosquitto 2.0, not held to the ACL (its {@code mosquitto_acl_check} lets bridges through), so
     * an {@code acl_file} written for network clients does not silently stop a bridge. It lives as
     * long as its bridge: {@code persistent_client_expiration} does not end it during an outage.
     */
    public Session forBridge(String clientId, EventExecutor executor) {
        return new Session(clientId, 0, executor, this, false, true);
    }

    /** The expiry interval a session gets: what the client asked for, capped by configuration. */
    public long grantedExpiry(long requestedSeconds) {
        return Math.min(requestedSeconds, limits.expirationCapSeconds());
    }

    /** The session of {@code clientId}, or {@code null}. */
    public Session get(String clientId) {
        return byClientId.get(clientId);
    }

    public int size() {
        return byClientId.size();
    }

    /** How many sessions outlive their connection; walks every session, so for meters read now and then. */
    public long persistentCount() {
        return byClientId.values().stream().filter(session -> !session.endsWithConnection()).count();
    }

    /**
     * Ends every session and releases what they hold, for shutdown; the store keeps the sessions
     * that outlive their connections.
     */
    public void endAll() {
        stopping = true;
        for (Session session : byClientId.values()) {
            session.shutdown();
        }
    }

    void forget(Session session) {
        byClientId.remove(session.clientId(), session);
    }

    SubscriptionIndex index() {
        return index;
    }

    Limits limits() {
        return limits;
    }

    BrokerLog log() {
        return log;
    }

    Store store() {
        return store;
    }

    /** Whether the broker is stopping: sessions end in memory, not in the store. */
    boolean stopping() {
        return stopping;
    }

    public BrokerStats stats() {
        return stats;
    }
}
