package dev.fountain.broker.store;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.RetainedMessages;
import dev.fountain.broker.routing.Subscription;
import java.util.concurrent.Executor;

/**
 * What the broker keeps beyond its memory: every change to a stored session (its subscriptions,
 * the messages it is owed and where each stands, the QoS 2 packet identifiers its client has not
 * released, a will waiting for its delay) and to the retained messages, journaled as it happens,
 * from any thread, without waiting for the disk.
 *
 * <p>Only sessions that outlive their connection are stored: the broker asks for an identifier
 * ({@link #newSessionId()}) when a session becomes one, and journals nothing for others.
 *
 * <p>What depends on a change must not reach a client before the change is on disk: a connection
 * sends its writes only once {@link #caughtUp()}, or from {@link #afterWritten}. That is the
 * whole contract between the protocol and the store; the protocol does not know which store it
 * has. {@link #MEMORY} keeps nothing and is always caught up.
 */
public interface Store extends RetainedMessages.Journal, AutoCloseable {

    /** No store: sessions and retained messages live in memory only. */
    Store MEMORY = new Store() {
    };

    /** Whether this store keeps anything: when not, sessions need no identifier. */
    default boolean durable() {
        return false;
    }

    /**
     * What was on disk when the store opened; empty for a new or memory store. Handed over once: the
     * store keeps no reference, so the recovered messages are not held twice once the broker has
     * taken them up.
     */
    default Recovered recovered() {
        return Recovered.NOTHING;
    }

    /** A new identifier for a session that outlives its connection. */
    default long newSessionId() {
        return 0;
    }

    /** The session {@code sessionId} belongs to {@code clientId} and outlives its connection by {@code expirySeconds}. */
    default void sessionOpened(long sessionId, String clientId, String username, long expirySeconds) {
    }

    /** Its connection closed now; the session expires {@code expirySeconds} from now. */
    default void sessionDetached(long sessionId, long expirySeconds) {
    }

    /** The session ended: everything of it can go. */
    default void sessionEnded(long sessionId) {
    }

    default void subscribed(long sessionId, Subscription subscription) {
    }

    default void unsubscribed(long sessionId, String filter) {
    }

    /**
     * {@code message} is owed to the session, to be sent with {@code qos} and {@code retain}.
     *
     * @return the entry's identifier, for {@link #sent}, {@link #received} and {@link #done}; 0
     *     when the store did not take it (it is full, or keeps nothing)
     */
    default long enqueued(long sessionId, Message message, int qos, boolean retain, int[] subscriptionIds) {
        return 0;
    }

    /** The entry went out with {@code packetId}: after a restart it is sent again with that identifier. */
    default void sent(long entryId, int packetId) {
    }

    /** PUBREC arrived for the entry: only its packet identifier matters now, for PUBREL. */
    default void received(long entryId) {
    }

    /** The entry left the session: acknowledged, dropped or expired. */
    default void done(long entryId) {
    }

    /** An incoming QoS 2 PUBLISH with {@code packetId} was routed; a copy is not routed again. */
    default void qos2Received(long sessionId, int packetId) {
    }

    /** PUBREL for {@code packetId}: the identifier may carry a new message. */
    default void qos2Released(long sessionId, int packetId) {
    }

    /** The session's will is to be published at {@code dueAtMillis} (wall clock) unless its client returns. */
    default void willDelayed(long sessionId, Message will, long dueAtMillis) {
    }

    /** The session's delayed will was published or cancelled. */
    default void willCleared(long sessionId) {
    }

    /**
     * Whether {@code persistence_size_limit} is reached: QoS 1 and 2 publishes are then refused
     * until compaction or delivered queues bring the store under it.
     */
    default boolean full() {
        return false;
    }

    /**
     * Whether every change journaled so far, by any thread, is as durable as the sync policy
     * promises, so that what depends on it may go out.
     */
    default boolean caughtUp() {
        return true;
    }

    /**
     * Runs {@code action} on {@code executor} once every change journaled so far is as durable as
     * the sync policy promises; at once, on this thread, if it is already.
     */
    default void afterWritten(Executor executor, Runnable action) {
        action.run();
    }

    /** Writes what is pending and closes the files. */
    @Override
    default void close() {
    }
}
