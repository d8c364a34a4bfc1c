package dev.fountain.broker.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A session as the store rebuilt it: everything the broker needs to take it up again. */
public final class StoredSession {

    /** A subscription's filter and options. */
    public record StoredSubscription(String filter, int qos, boolean noLocal, boolean retainAsPublished,
            int retainHandling, int subscriptionId) {
    }

    /** A message the session owes its client, and how far its delivery got. */
    public static final class Entry {
        final long id;
        final long sessionId;
        /** Decoded on first use: most entries a replay meets are acknowledged before it ends. */
        private StoredMessage message;
        private byte[] encodedMessage;
        final int qos;
        final boolean retain;
        final int[] subscriptionIds;
        int packetId;
        boolean received;

        Entry(long id, long sessionId, byte[] encodedMessage, int qos, boolean retain, int[] subscriptionIds) {
            this.id = id;
            this.sessionId = sessionId;
            this.encodedMessage = encodedMessage;
            this.qos = qos;
            this.retain = retain;
            this.subscriptionIds = subscriptionIds;
        }

        public long id() {
            return id;
        }

        /** @throws IllegalStateException when the message's fields are damaged (their record's checksum was right) */
        public StoredMessage message() {
            if (message == null) {
                try {
                    message = StoredMessage.read(RecordReader.over(encodedMessage));
                } catch (RecordReader.CorruptRecordException e) {
                    throw new IllegalStateException("A stored message of entry " + id + " is damaged: " + e.getMessage(), e);
                }
                encodedMessage = null;
            }
            return message;
        }

        /** Writes the message's fields as they were read, or encodes the decoded message. */
        void writeMessage(RecordBuffer out) {
            if (encodedMessage != null) {
                out.raw(encodedMessage, 0, encodedMessage.length);
            } else {
                message.write(out);
            }
        }

        public int qos() {
            return qos;
        }

        public boolean retain() {
            return retain;
        }

        public int[] subscriptionIds() {
            return subscriptionIds;
        }

        /** The packet identifier it went out with, or 0 when it has not gone out (or need not keep it). */
        public int packetId() {
            return packetId;
        }

        /** Whether the client sent PUBREC for it: what is left is PUBREL and PUBCOMP. */
        public boolean received() {
            return received;
        }
    }

    final long id;
    String clientId;
    String username;
    long expirySeconds;
    /** When its connection closed (wall clock), or -1 when it was connected as the broker stopped. */
    long detachedAtMillis = -1;
    final Map<String, StoredSubscription> subscriptions = new LinkedHashMap<>();
    final Map<Long, Entry> entries = new LinkedHashMap<>();
    final Set<Integer> unreleasedQos2 = new TreeSet<>();
    StoredMessage will;
    long willDueAtMillis;

    StoredSession(long id, String clientId, String username, long expirySeconds) {
        this.id = id;
        this.clientId = clientId;
        this.username = username;
        this.expirySeconds = expirySeconds;
    }

    public long id() {
        return id;
    }

    public String clientId() {
        return clientId;
    }

    public String username() {
        return username;
    }

    public long expirySeconds() {
        return expirySeconds;
    }

    /** When its connection closed (wall clock), or -1 when it was connected as the broker stopped. */
    public long detachedAtMillis() {
        return detachedAtMillis;
    }

    public List<StoredSubscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    /** What it owes its client, oldest first. */
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public int[] unreleasedQos2() {
        return unreleasedQos2.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Its will waiting for its delay, or {@code null}. */
    public StoredMessage will() {
        return will;
    }

    public long willDueAtMillis() {
        return willDueAtMillis;
    }
}
