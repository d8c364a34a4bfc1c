package dev.fountain.broker.session;

/**
 * Per-client limits on what the broker holds for a client: Mosquitto's
 * {@code max_inflight_messages}, {@code max_queued_messages}, {@code max_queued_bytes},
 * {@code queue_qos0_messages} and {@code persistent_client_expiration}. Zero means no limit for the
 * first three.
 *
 * @param expirationCapSeconds the longest a session outlives its connection, whatever the client
 *     asked for; {@link Session#NEVER_EXPIRES} for no cap
 */
public record Limits(int maxInflight, int maxQueued, long maxQueuedBytes, boolean queueQos0WhileOffline,
        long expirationCapSeconds) {

    /** Limits without a cap on session expiry. */
    public Limits(int maxInflight, int maxQueued, long maxQueuedBytes, boolean queueQos0WhileOffline) {
        this(maxInflight, maxQueued, maxQueuedBytes, queueQos0WhileOffline, Session.NEVER_EXPIRES);
    }
}
