package dev.fountain.broker.session;

/**
 * Per-client limits on what the broker holds for a client: Mosquitto's
 * {@code max_inflight_messages}, {@code max_queued_messages}, {@code max_queued_bytes} and
 * {@code queue_qos0_messages}. Zero means no limit.
 */
public record Limits(int maxInflight, int maxQueued, long maxQueuedBytes, boolean queueQos0WhileOffline) {
}
