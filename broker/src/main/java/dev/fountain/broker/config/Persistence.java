package dev.fountain.broker.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how durably the broker keeps its state: Mosquitto's {@code persistence},
 * {@code persistence_location}, {@code persistence_file}, {@code autosave_interval} and
 * {@code autosave_on_changes}, and Fountain's own {@code persistence_sync},
 * {@code persistence_sync_interval} and {@code persistence_size_limit}.
 *
 * @param directory where the store's files live; relative paths are relative to the working
 *     directory, as in Mosquitto
 * @param fileName the stem of the store's files ({@code fountain.db} gives
 *     {@code fountain.db.000001.log} and {@code fountain.db.000001.snapshot}); a Mosquitto database
 *     of that very name is left alone
 * @param autosaveInterval with {@code autosaveOnChanges}, how many changes start a compaction;
 *     otherwise the longest time in seconds between compactions while anything changed; 0 leaves
 *     compaction to the size of the log alone
 * @param sizeLimit bytes the store may take on disk before new messages for stored sessions are
 *     refused; 0 for no limit
 */
public record Persistence(boolean enabled, Path directory, String fileName, Sync sync, Duration syncInterval,
        long autosaveInterval, boolean autosaveOnChanges, long sizeLimit) {

    /** When a change is on disk before the broker acknowledges what depends on it. */
    public enum Sync {
        /** Acknowledged once fsynced (group commit): survives a process crash and a power loss. */
        ALWAYS,
        /** Acknowledged once written to the operating system, fsynced every interval. */
        INTERVAL,
        /** Acknowledged once written to the operating system, never fsynced: survives a process crash. */
        NONE
    }

    public static final String DEFAULT_FILE = "fountain.db";

    /** Off: every session and retained message lives in memory only. */
    public static final Persistence OFF = new Persistence(false, Path.of(""), DEFAULT_FILE, Sync.INTERVAL,
            Duration.ofSeconds(1), 1800, false, 0);

    public Persistence withEnabled(boolean on) {
        return new Persistence(on, directory, fileName, sync, syncInterval, autosaveInterval, autosaveOnChanges,
                sizeLimit);
    }

    public Persistence withDirectory(Path path) {
        return new Persistence(enabled, path, fileName, sync, syncInterval, autosaveInterval, autosaveOnChanges,
                sizeLimit);
    }

    public Persistence withFileName(String name) {
        return new Persistence(enabled, directory, name, sync, syncInterval, autosaveInterval, autosaveOnChanges,
                sizeLimit);
    }

    public Persistence withSync(Sync policy) {
        return new Persistence(enabled, directory, fileName, policy, syncInterval, autosaveInterval,
                autosaveOnChanges, sizeLimit);
    }

    public Persistence withSyncInterval(Duration interval) {
        return new Persistence(enabled, directory, fileName, sync, interval, autosaveInterval, autosaveOnChanges,
                sizeLimit);
    }

    public Persistence withAutosaveInterval(long interval) {
        return new Persistence(enabled, directory, fileName, sync, syncInterval, interval, autosaveOnChanges,
                sizeLimit);
    }

    public Persistence withAutosaveOnChanges(boolean onChanges) {
        return new Persistence(enabled, directory, fileName, sync, syncInterval, autosaveInterval, onChanges,
                sizeLimit);
    }

    public Persistence withSizeLimit(long bytes) {
        return new Persistence(enabled, directory, fileName, sync, syncInterval, autosaveInterval, autosaveOnChanges,
                bytes);
    }
}
