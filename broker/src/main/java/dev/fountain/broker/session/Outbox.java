package dev.fountain.broker.session;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.store.Store;
import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The messages a session owes its client: QoS 1 and 2 messages sent and not yet acknowledged (in
 * flight, at most {@code max_inflight_messages}), and messages waiting behind them (queued, at
 * most {@code max_queued_messages} and {@code max_queued_bytes}). Everything leaves in the order it
 * came in. Touched only on the session's thread.
 *
 * <p>An entry the store journaled ({@code entryId} not 0) is reported to it as it goes out with a
 * QoS 2 packet identifier, is received, and leaves, so a restart resumes each where it was.
 * QoS 1 identifiers are not journaled: after a restart those messages go out again with new ones,
 * which QoS 1 (at least once) allows.
 */
final class Outbox {

    private static final int MAX_PACKET_IDS = 65_535;

    private final Limits limits;
    private final Store store;
    /**
     * Counts drops and the in-flight and queued gauges on the session's thread of the moment; a
     * session moves between loops, so it asks for that thread's tally each time.
     */
    private final BrokerStats stats;
    private int window;
    // The map and the queue are made when first needed: most clients (all idle ones) never have a
    // message in flight or queued, and the two cost more than 300 bytes empty.
    private IntObjectHashMap<InFlight> inFlightById;
    private InFlight oldest;
    private InFlight newest;
    private ArrayDeque<Queued> queued;
    private long queuedBytes;
    private int nextPacketId = 1;
    private boolean dropping;

    /** A sent QoS 1 or 2 message; after PUBREC only its packet identifier is kept. */
    private static final class InFlight {
        final int packetId;
        final long entryId;
        final int qos;
        final boolean retain;
        final int[] subscriptionIds;
        final String sharedFilter;
        Message message;
        InFlight previous;
        InFlight next;

        InFlight(int packetId, Queued delivery) {
            this.packetId = packetId;
            this.entryId = delivery.entryId();
            this.message = delivery.message();
            this.qos = delivery.qos();
            this.retain = delivery.retain();
            this.subscriptionIds = delivery.subscriptionIds();
            this.sharedFilter = delivery.sharedFilter();
        }
    }

    /**
     * A message waiting to be sent, and how.
     *
     * @param entryId the store's identifier for it, or 0 when it is not stored
     */
    record Queued(Message message, int qos, boolean retain, int[] subscriptionIds, String sharedFilter, long entryId) {

        Queued(Message message, int qos, boolean retain, int[] subscriptionIds, String sharedFilter) {
            this(message, qos, retain, subscriptionIds, sharedFilter, 0);
        }
    }

    /** Takes a message of a shared subscription that this client will not deliver. */
    interface SharedHandback {
        void handBack(Message message, int qos, String sharedFilter);
    }

    /** What {@link #offer} did with a message. */
    enum Outcome { SENT, QUEUED, DROPPED_QUEUE_FULL, DROPPED_OFFLINE_QOS0, DROPPED_EXPIRED, DROPPED_TOO_LARGE }

    Outbox(Limits limits) {
        this(limits, Store.MEMORY, new BrokerStats());
    }

    Outbox(Limits limits, Store store, BrokerStats stats) {
        this.limits = limits;
        this.store = store;
        this.stats = stats;
        this.window = limits.maxInflight() == 0 ? MAX_PACKET_IDS : Math.min(limits.maxInflight(), MAX_PACKET_IDS);
    }

    /**
     * How many QoS 1 and 2 messages may be unacknowledged at once: {@code max_inflight_messages},
     * lowered to what an MQTT 5 client's Receive Maximum allows [MQTT-3.3.4-7].
     */
    void clientReceiveMaximum(int receiveMaximum) {
        int configured = limits.maxInflight() == 0 ? MAX_PACKET_IDS : Math.min(limits.maxInflight(), MAX_PACKET_IDS);
        this.window = Math.min(configured, receiveMaximum);
    }

    /**
     * Sends {@code message} through {@code connection} at once when nothing waits before it and
     * the window allows, else queues it. Takes over one reference.
     *
     * @param connection the attached connection, or {@code null} while the client is offline
     */
    Outcome offer(ClientConnection connection, Queued delivery) {
        Message message = delivery.message();
        int qos = delivery.qos();
        if (message.expired(System.nanoTime())) {
            message.release();
            done(delivery.entryId());
            stats.count(Meter.DROPPED_EXPIRED);
            return Outcome.DROPPED_EXPIRED;
        }
        if (connection != null && queueEmpty() && connection.isWritable() && windowAllows(qos)) {
            return send(connection, delivery) ? Outcome.SENT : Outcome.DROPPED_TOO_LARGE;
        }
        // A connection that is attached but not open (a bridge whose remote broker is away) counts
        // as offline, as Mosquitto counts a bridge without a socket.
        if ((connection == null || !connection.isOpen()) && qos == 0 && !limits.queueQos0WhileOffline()) {
            message.release();
            return Outcome.DROPPED_OFFLINE_QOS0;
        }
        if (queueFull(message.payloadSize())) {
            message.release();
            done(delivery.entryId());
            stats.count(Meter.DROPPED_QUEUE_FULL);
            return Outcome.DROPPED_QUEUE_FULL;
        }
        queue().addLast(delivery);
        queuedBytes += message.payloadSize();
        stats.count(Meter.QUEUED);
        return Outcome.QUEUED;
    }

    /**
     * Whether this drop starts a run of drops, so the log says "being dropped" once per run and
     * not once per message, as Mosquitto does.
     */
    boolean firstDropOfRun() {
        boolean first = !dropping;
        dropping = true;
        return first;
    }

    /** Sends queued messages while the connection and the window allow. */
    void pump(ClientConnection connection) {
        while (!queueEmpty() && connection.isWritable() && windowAllows(queued.peekFirst().qos())) {
            Queued next = queued.pollFirst();
            queuedBytes -= next.message().payloadSize();
            stats.here().add(Meter.QUEUED, -1);
            if (next.message().expired(System.nanoTime())) {
                next.message().release();
                done(next.entryId());
                stats.count(Meter.DROPPED_EXPIRED);
                continue;
            }
            send(connection, next);
        }
        if (dropping && !queueFull(0)) {
            dropping = false;
        }
    }

    /**
     * Sends, or drops a message larger than the client's Maximum Packet Size as if it had been
     * delivered [MQTT-3.1.2-25].
     *
     * @return whether it was sent
     */
    private boolean send(ClientConnection connection, Queued delivery) {
        Message message = delivery.message();
        if (!connection.fits(message, delivery.qos(), delivery.subscriptionIds())) {
            message.release();
            done(delivery.entryId());
            stats.count(Meter.DROPPED_TOO_LARGE);
            return false;
        }
        if (delivery.qos() == 0) {
            connection.sendPublish(message, 0, delivery.retain(), false, 0, delivery.subscriptionIds());
            return true;
        }
        InFlight entry = new InFlight(allocatePacketId(), delivery);
        link(entry);
        if (entry.qos == 2 && entry.entryId != 0) {
            store.sent(entry.entryId, entry.packetId);
        }
        connection.sendPublish(message.retain(), entry.qos, entry.retain, false, entry.packetId, entry.subscriptionIds);
        return true;
    }

    /** Sends everything in flight again after a reconnect: PUBLISH with DUP, or PUBREL [MQTT-4.4.0-1]. */
    void resend(ClientConnection connection) {
        for (InFlight entry = oldest; entry != null; entry = entry.next) {
            if (entry.message == null) {
                connection.sendPubrel(entry.packetId);
            } else {
                connection.sendPublish(entry.message.retain(), entry.qos, entry.retain, true, entry.packetId,
                        entry.subscriptionIds);
            }
        }
    }

    /** PUBACK for a QoS 1 message: it is delivered. */
    AckOutcome acknowledge(int packetId) {
        InFlight entry = inFlightEntry(packetId);
        if (entry == null) {
            return AckOutcome.UNKNOWN;
        }
        if (entry.qos != 1) {
            return AckOutcome.WRONG_KIND;
        }
        unlink(entry);
        entry.message.release();
        done(entry.entryId);
        return AckOutcome.DONE;
    }

    /**
     * PUBREC for a QoS 2 message: the client has it; the payload can go, the identifier stays until
     * PUBCOMP. A repeated PUBREC is answered again, as after a reconnect.
     */
    AckOutcome received(int packetId) {
        InFlight entry = inFlightEntry(packetId);
        if (entry == null) {
            return AckOutcome.UNKNOWN;
        }
        if (entry.qos != 2) {
            return AckOutcome.WRONG_KIND;
        }
        if (entry.message != null) {
            entry.message.release();
            entry.message = null;
            if (entry.entryId != 0) {
                store.received(entry.entryId);
            }
        }
        return AckOutcome.DONE;
    }

    /** PUBCOMP for a QoS 2 message after its PUBREC: the exchange is complete. */
    AckOutcome completed(int packetId) {
        InFlight entry = inFlightEntry(packetId);
        if (entry == null) {
            return AckOutcome.UNKNOWN;
        }
        if (entry.qos != 2 || entry.message != null) {
            return AckOutcome.WRONG_KIND;
        }
        unlink(entry);
        done(entry.entryId);
        return AckOutcome.DONE;
    }

    int inFlightCount() {
        return inFlightById == null ? 0 : inFlightById.size();
    }

    boolean inFlight(int packetId) {
        return inFlightEntry(packetId) != null;
    }

    int queuedCount() {
        return queued == null ? 0 : queued.size();
    }

    private InFlight inFlightEntry(int packetId) {
        return inFlightById == null ? null : inFlightById.get(packetId);
    }

    private boolean queueEmpty() {
        return queued == null || queued.isEmpty();
    }

    private ArrayDeque<Queued> queue() {
        if (queued == null) {
            queued = new ArrayDeque<>(4);
        }
        return queued;
    }

    /**
     * Hands back every message of a shared subscription that the client has not received, so
     * another member can have it (MQTT 5.0 section 4.8.2); a QoS 2 message after PUBREC has
     * arrived and stays here. Then releases everything, for a session that ends.
     */
    void clear(SharedHandback handback) {
        for (InFlight entry = oldest; entry != null; entry = entry.next) {
            if (entry.sharedFilter != null && entry.message != null) {
                handback.handBack(entry.message.retain(), entry.qos, entry.sharedFilter);
            }
        }
        for (Queued entry : queueEmpty() ? List.<Queued>of() : queued) {
            if (entry.sharedFilter() != null && entry.qos() > 0) {
                handback.handBack(entry.message().retain(), entry.qos(), entry.sharedFilter());
            }
        }
        clear();
    }

    /** Releases everything, for a session that ends. */
    void clear() {
        stats.here().add(Meter.IN_FLIGHT, -inFlightCount());
        stats.here().add(Meter.QUEUED, -queuedCount());
        for (InFlight entry = oldest; entry != null; entry = entry.next) {
            if (entry.message != null) {
                entry.message.release();
            }
        }
        inFlightById = null;
        oldest = null;
        newest = null;
        for (Queued entry : queueEmpty() ? List.<Queued>of() : queued) {
            entry.message().release();
        }
        queued = null;
        queuedBytes = 0;
    }

    /**
     * Takes up a stored entry after a restart: one that went out with a QoS 2 packet identifier
     * is in flight again under it (its PUBLISH, or after PUBREC its PUBREL, is sent again on
     * reconnect); any other waits in the queue. Takes over one reference to the message.
     */
    void restore(Queued delivery, int packetId, boolean received) {
        if (packetId == 0) {
            queue().addLast(delivery);
            queuedBytes += delivery.message().payloadSize();
            stats.count(Meter.QUEUED);
            return;
        }
        InFlight entry = new InFlight(packetId, delivery);
        if (received) {
            entry.message.release();
            entry.message = null;
        }
        link(entry);
    }

    private void done(long entryId) {
        if (entryId != 0) {
            store.done(entryId);
        }
    }

    private boolean windowAllows(int qos) {
        return qos == 0 || inFlightCount() < window;
    }

    private boolean queueFull(int incomingBytes) {
        return limits.maxQueued() > 0 && queuedCount() >= limits.maxQueued()
                || limits.maxQueuedBytes() > 0 && queuedBytes + incomingBytes > limits.maxQueuedBytes();
    }

    /** The next identifier not in use by a message in flight [MQTT-2.3.1-2]; never 0 [MQTT-2.3.1-1]. */
    private int allocatePacketId() {
        while (true) {
            int candidate = nextPacketId;
            nextPacketId = candidate == MAX_PACKET_IDS ? 1 : candidate + 1;
            if (inFlightEntry(candidate) == null) {
                return candidate;
            }
        }
    }

    private void link(InFlight entry) {
        if (inFlightById == null) {
            inFlightById = new IntObjectHashMap<>(4);
        }
        inFlightById.put(entry.packetId, entry);
        stats.count(Meter.IN_FLIGHT);
        entry.previous = newest;
        if (newest == null) {
            oldest = entry;
        } else {
            newest.next = entry;
        }
        newest = entry;
    }

    private void unlink(InFlight entry) {
        inFlightById.remove(entry.packetId);
        stats.here().add(Meter.IN_FLIGHT, -1);
        if (entry.previous == null) {
            oldest = entry.next;
        } else {
            entry.previous.next = entry.next;
        }
        if (entry.next == null) {
            newest = entry.previous;
        } else {
            entry.next.previous = entry.previous;
        }
    }
}
