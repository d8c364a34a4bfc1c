package dev.fountain.bench.store;

import java.util.Locale;

/**
 * When a record counts as durable, as issue 14's {@code persistence_sync} defines it. A PUBACK, PUBREC
 * or SUBACK that depends on a record goes out once the record is durable.
 */
public enum SyncPolicy {

    /** Written and fsynced: each group commit ends with a sync. Survives a power loss. */
    ALWAYS,
    /** Written to the OS; a sync at most every {@link #INTERVAL_NANOS}. Survives a process crash. */
    INTERVAL,
    /** Written to the OS, never synced by the store. Survives a process crash. */
    NONE;

    /** {@code persistence_sync_interval}'s default, 1 s. */
    static final long INTERVAL_NANOS = 1_000_000_000L;

    static SyncPolicy parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
