package dev.fountain.broker.session;

import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.routing.SubscriptionIndex;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every session by client identifier. Opening decides, atomically per identifier, whether a
 * CONNECT resumes the existing session or starts a new one [MQTT-3.1.2-4], [MQTT-3.1.2-6].
 */
public final class Sessions {

    private final ConcurrentHashMap<String, Session> byClientId = new ConcurrentHashMap<>();
    private final SubscriptionIndex index;
    private final Limits limits;
    private final BrokerLog log;

    /** The result of {@link #open}: the session, and whether it existed before (session present). */
    public record Opened(Session session, boolean resumed) {
    }

    public Sessions(SubscriptionIndex index, Limits limits, BrokerLog log) {
        this.index = index;
        this.limits = limits;
        this.log = log;
    }

    /**
     * The session for {@code clientId}: the existing one when {@code clean} is false and there is
     * one that is persistent, else a new one that replaces (and closes) any existing one.
     */
    public Opened open(String clientId, boolean clean, EventExecutor executor) {
        while (true) {
            Session existing = byClientId.get(clientId);
            if (existing != null && !clean && !existing.isClean()) {
                return new Opened(existing, true);
            }
            Session fresh = new Session(clientId, clean, executor, this);
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

    /** The session of {@code clientId}, or {@code null}. */
    public Session get(String clientId) {
        return byClientId.get(clientId);
    }

    public int size() {
        return byClientId.size();
    }

    /** Ends persistent sessions whose client has been away longer than {@code expiration}. */
    public void expire(Duration expiration) {
        long now = System.nanoTime();
        for (Session session : byClientId.values()) {
            long offlineSince = session.offlineSinceNanos();
            if (now - offlineSince > expiration.toNanos()) {
                session.expireIfOfflineSince(offlineSince);
            }
        }
    }

    /** Ends every session and releases what they hold, for shutdown. */
    public void endAll() {
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
}
