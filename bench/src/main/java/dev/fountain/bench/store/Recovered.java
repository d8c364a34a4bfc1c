package dev.fountain.bench.store;

import java.util.Map;

/**
 * Everything a store held, read back into memory as the broker would rebuild its sessions' queues
 * and its retained messages at startup: queued messages by entry id (values as {@link Records}
 * writes them), retained messages by topic.
 *
 * @param note what the recovery had to say (a torn tail it skipped), empty when nothing
 */
public record Recovered(Map<Long, byte[]> queued, Map<String, byte[]> retained, String note) {
}
