package dev.fountain.broker.store;

import dev.fountain.broker.store.RecordReader.CorruptRecordException;
import dev.fountain.broker.store.StoredSession.Entry;
import dev.fountain.broker.store.StoredSession.StoredSubscription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state the records describe, rebuilt by applying them in order: at startup from the snapshot
 * and the log after it, and in the background from a snapshot and the sealed log files, to write
 * the next snapshot. A record about a session or entry that no longer exists changes nothing: a
 * session ended on one thread while another was still queueing for it.
 */
final class Image {

    // Record types. Numbers are stored: never reuse or renumber one.
    static final int SESSION = 1;
    static final int DETACHED = 2;
    static final int ENDED = 3;
    static final int SUBSCRIBED = 4;
    static final int UNSUBSCRIBED = 5;
    static final int ENQUEUED = 6;
    static final int SENT = 7;
    static final int RECEIVED = 8;
    static final int DONE = 9;
    static final int QOS2_RECEIVED = 10;
    static final int QOS2_RELEASED = 11;
    static final int WILL = 12;
    static final int WILL_CLEARED = 13;
    static final int RETAINED = 14;
    static final int RETAINED_DELETED = 15;
    /** The highest identifier handed out so far, first in every file, so identifiers never repeat. */
    static final int IDENTIFIERS = 16;

    final Map<Long, StoredSession> sessions = new LinkedHashMap<>();
    final Map<Long, Entry> entries = new HashMap<>();
    final Map<String, StoredMessage> retained = new LinkedHashMap<>();
    long highestId;

    void apply(int type, RecordReader in) throws CorruptRecordException {
        switch (type) {
            case SESSION -> {
                long id = id(in);
                String clientId = in.string();
                String username = in.nullableString();
                long expiry = in.varLong();
                StoredSession session = sessions.get(id);
                if (session == null) {
                    sessions.put(id, new StoredSession(id, clientId, username, expiry));
                } else {
                    session.username = username;
                    session.expirySeconds = expiry;
                    session.detachedAtMillis = -1;
                }
            }
            case DETACHED -> {
                StoredSession session = sessions.get(id(in));
                long at = in.varLong();
                long expiry = in.varLong();
                if (session != null) {
                    session.detachedAtMillis = at;
                    session.expirySeconds = expiry;
                }
            }
            case ENDED -> end(id(in));
            case SUBSCRIBED -> {
                StoredSession session = sessions.get(id(in));
                StoredSubscription subscription = new StoredSubscription(in.string(), in.varInt(), in.bool(), in.bool(),
                        in.varInt(), in.varInt());
                if (session != null) {
                    session.subscriptions.put(subscription.filter(), subscription);
                }
            }
            case UNSUBSCRIBED -> {
                StoredSession session = sessions.get(id(in));
                String filter = in.string();
                if (session != null) {
                    session.subscriptions.remove(filter);
                }
            }
            case ENQUEUED -> {
                long sessionId = id(in);
                long entryId = id(in);
                int qos = in.varInt();
                boolean retain = in.bool();
                int[] subscriptionIds = in.ints();
                byte[] message = in.rest();
                StoredSession session = sessions.get(sessionId);
                if (session != null) {
                    Entry entry = new Entry(entryId, sessionId, message, qos, retain, subscriptionIds);
                    session.entries.put(entryId, entry);
                    entries.put(entryId, entry);
                }
            }
            case SENT -> {
                Entry entry = entries.get(id(in));
                int packetId = in.varInt();
                if (entry != null) {
                    entry.packetId = packetId;
                }
            }
            case RECEIVED -> {
                Entry entry = entries.get(id(in));
                if (entry != null) {
                    entry.received = true;
                }
            }
            case DONE -> {
                Entry entry = entries.remove(id(in));
                if (entry != null) {
                    StoredSession session = sessions.get(entry.sessionId);
                    if (session != null) {
                        session.entries.remove(entry.id);
                    }
                }
            }
            case QOS2_RECEIVED -> {
                StoredSession session = sessions.get(id(in));
                int packetId = in.varInt();
                if (session != null) {
                    session.unreleasedQos2.add(packetId);
                }
            }
            case QOS2_RELEASED -> {
                StoredSession session = sessions.get(id(in));
                int packetId = in.varInt();
                if (session != null) {
                    session.unreleasedQos2.remove(packetId);
                }
            }
            case WILL -> {
                StoredSession session = sessions.get(id(in));
                long due = in.varLong();
                StoredMessage will = StoredMessage.read(in);
                if (session != null) {
                    session.will = will;
                    session.willDueAtMillis = due;
                }
            }
            case WILL_CLEARED -> {
                StoredSession session = sessions.get(id(in));
                if (session != null) {
                    session.will = null;
                }
            }
            case RETAINED -> {
                StoredMessage message = StoredMessage.read(in);
                retained.put(message.topic, message);
            }
            case RETAINED_DELETED -> retained.remove(in.string());
            case IDENTIFIERS -> id(in);
            default -> throw new CorruptRecordException("a record of unknown type " + type);
        }
    }

    private long id(RecordReader in) throws CorruptRecordException {
        long id = in.varLong();
        highestId = Math.max(highestId, id);
        return id;
    }

    private void end(long sessionId) {
        StoredSession session = sessions.remove(sessionId);
        if (session != null) {
            for (Long entryId : session.entries.keySet()) {
                entries.remove(entryId);
            }
        }
    }

    /**
     * The sessions to restore: one per client identifier, the newest (a crash can leave an older
     * one whose end was not yet written behind a newer one with a clean start).
     */
    List<StoredSession> liveSessions() {
        Map<String, StoredSession> byClient = new LinkedHashMap<>();
        for (StoredSession session : sessions.values()) {
            StoredSession other = byClient.get(session.clientId);
            if (other == null || other.id < session.id) {
                byClient.put(session.clientId, session);
            }
        }
        return new ArrayList<>(byClient.values());
    }

    Collection<StoredMessage> retainedMessages() {
        return retained.values();
    }

    /** Writes records that rebuild this state, for a snapshot; {@code sink} takes them as they fill. */
    void writeTo(RecordBuffer out, Sink sink) throws java.io.IOException {
        out.begin(IDENTIFIERS).varLong(highestId).end();
        for (StoredMessage message : retained.values()) {
            out.begin(RETAINED);
            message.write(out);
            out.end();
            sink.drain(out);
        }
        for (StoredSession session : liveSessions()) {
            out.begin(SESSION).varLong(session.id).string(session.clientId).nullableString(session.username)
                    .varLong(session.expirySeconds).end();
            if (session.detachedAtMillis >= 0) {
                out.begin(DETACHED).varLong(session.id).varLong(session.detachedAtMillis)
                        .varLong(session.expirySeconds).end();
            }
            for (StoredSubscription s : session.subscriptions.values()) {
                out.begin(SUBSCRIBED).varLong(session.id).string(s.filter()).varLong(s.qos()).bool(s.noLocal())
                        .bool(s.retainAsPublished()).varLong(s.retainHandling()).varLong(s.subscriptionId()).end();
            }
            for (int packetId : session.unreleasedQos2) {
                out.begin(QOS2_RECEIVED).varLong(session.id).varLong(packetId).end();
            }
            if (session.will != null) {
                out.begin(WILL).varLong(session.id).varLong(session.willDueAtMillis);
                session.will.write(out);
                out.end();
            }
            for (Entry entry : session.entries.values()) {
                out.begin(ENQUEUED).varLong(session.id).varLong(entry.id).varLong(entry.qos).bool(entry.retain)
                        .ints(entry.subscriptionIds);
                entry.writeMessage(out);
                out.end();
                if (entry.packetId != 0) {
                    out.begin(SENT).varLong(entry.id).varLong(entry.packetId).end();
                }
                if (entry.received) {
                    out.begin(RECEIVED).varLong(entry.id).end();
                }
                sink.drain(out);
            }
        }
        sink.drain(out);
    }

    /** Where {@link #writeTo} puts records once its buffer holds enough. */
    interface Sink {
        void drain(RecordBuffer buffer) throws java.io.IOException;
    }
}
