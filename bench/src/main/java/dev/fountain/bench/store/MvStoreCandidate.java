package dev.fountain.bench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * H2 MVStore 2.4.240 as a {@link JournalCandidate}, used the way its design suits this load: two
 * maps, {@code queued} (entry id to {@link Records} value) and {@code retained} (topic to QoS and
 * payload), with their key and value types given so that no generic type tag is written per entry.
 *
 * <ul>
 * <li>Auto-commit off ({@code autoCommitDisabled}): MVStore starts no background thread and a commit
 *     runs on the caller's thread without hand-over to its serialization executors. Our one
 *     committer thread commits what the producers put since its last commit: one commit is one group
 *     commit, one new chunk in the file.
 * <li>{@code autoCommitBufferSize(0)}: otherwise a {@code put} past the unsaved-memory limit commits
 *     on the putting thread, which would be an event loop waiting for the disk.
 * <li>{@code always} syncs ({@code MVStore.sync}, {@code force(true)}) after each commit;
 *     {@code interval} at most once a second; {@code none} never.
 * <li>Housekeeping, which MVStore's background thread would do: at most once a second the committer
 *     rewrites chunks whose live share fell below {@link #FILL_RATE} %, at most {@link #REWRITE_BYTES}
 *     at a time ({@code MVStore.compact}). Chunks freed that way are reused after the default 45 s
 *     retention time, which keeps an old version readable in case the OS has not written a newer one.
 *     {@code -Dstorebench.mvstore.retentionMillis=0} reuses space at once instead (an experiment: the
 *     file then stays near 150 KB under the journal load, at no clear change in rate).
 * </ul>
 */
final class MvStoreCandidate implements JournalCandidate {

    static final String FILE = "store.mv.db";
    /** MVStore's own housekeeping aims at 90 % when idle and 90 % of that (81 %) under load. */
    private static final int FILL_RATE = 80;
    private static final int REWRITE_BYTES = 1 << 20;
    private static final long HOUSEKEEPING_NANOS = 1_000_000_000L;
    private static final long IDLE_PARK_NANOS = 1_000_000;

    private final MVStore store;
    private final MVMap<Long, byte[]> queued;
    private final MVMap<String, byte[]> retained;
    private final SyncPolicy policy;
    private final Durability durability = new Durability();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong writeNanos = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();
    private final Thread committer;

    private volatile boolean committerParked;
    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile Throwable failure;

    private MvStoreCandidate(MVStore store, SyncPolicy policy) {
        this.store = store;
        this.policy = policy;
        this.queued = queuedMap(store);
        this.retained = retainedMap(store);
        committer = new Thread(this::commitLoop, "mvstore-committer");
        committer.setDaemon(true);
        committer.start();
    }

    static JournalCandidate open(Path directory, SyncPolicy policy) {
        return new MvStoreCandidate(openStore(directory), policy);
    }

    static Recovered recover(Path directory) {
        MVStore store = openStore(directory);
        try {
            Map<Long, byte[]> queued = new HashMap<>();
            for (Cursor<Long, byte[]> cursor = queuedMap(store).cursor(null); cursor.hasNext(); ) {
                Long entryId = cursor.next();
                queued.put(entryId, cursor.getValue());
            }
            Map<String, byte[]> retained = new HashMap<>();
            for (Cursor<String, byte[]> cursor = retainedMap(store).cursor(null); cursor.hasNext(); ) {
                String topic = cursor.next();
                retained.put(topic, cursor.getValue());
            }
            return new Recovered(queued, retained, "");
        } finally {
            // Not what a broker does after recovery (it keeps the store open), and not timed.
            store.closeImmediately();
        }
    }

    /**
     * MVStore's full compaction, the counterpart of the log's snapshot: every live page copied into a
     * new file, which then replaces the old one ({@code MVStore.compact}, what {@code close(-1)} does,
     * here without compression, which the log does not have either). The online alternative,
     * {@code compactFile}, moves chunks within the file: on this history it left 83-185 MB of 161-199
     * MB, in 6-9 s.
     */
    static void compact(Path directory) {
        MVStore.compact(directory.resolve(FILE).toString(), false, null);
    }

    private static MVStore openStore(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MVStore store = new MVStore.Builder()
                .fileName(directory.resolve(FILE).toString())
                .autoCommitDisabled()
                .autoCommitBufferSize(0)
                .open();
        String retention = System.getProperty("storebench.mvstore.retentionMillis");
        if (retention != null) {
            store.setRetentionTime(Integer.parseInt(retention));
        }
        return store;
    }

    private static MVMap<Long, byte[]> queuedMap(MVStore store) {
        return store.openMap("queued", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    private static MVMap<String, byte[]> retainedMap(MVStore store) {
        return store.openMap("retained", new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    @Override
    public long enqueue(long sessionId, long entryId, byte[] topic, int qos, byte[] payload) {
        queued.put(entryId, Records.queued(sessionId, topic, qos, payload));
        return appendedNow();
    }

    @Override
    public long done(long entryId) {
        queued.remove(entryId);
        return appendedNow();
    }

    @Override
    public long retain(byte[] topic, int qos, byte[] payload) {
        retained.put(new String(topic, StandardCharsets.UTF_8), Records.retained(qos, payload));
        return appendedNow();
    }

    /**
     * The number is taken after the change is in the map: a commit that starts after the committer
     * read number n holds every change numbered n or lower.
     */
    private long appendedNow() {
        long sequence = appended.incrementAndGet();
        if (committerParked) {
            LockSupport.unpark(committer);
        }
        return sequence;
    }

    @Override
    public long appended() {
        return appended.get();
    }

    @Override
    public void whenDurable(long sequence, Runnable action) {
        durability.whenDurable(sequence, action);
    }

    @Override
    public long commits() {
        return commits.get();
    }

    @Override
    public long syncs() {
        return syncs.get();
    }

    @Override
    public long writeNanos() {
        return writeNanos.get();
    }

    @Override
    public long syncNanos() {
        return syncNanos.get();
    }

    @Override
    public void close() {
        stop(false);
        store.close();
    }

    @Override
    public void crash() {
        stop(true);
        store.closeImmediately();
    }

    private void stop(boolean crash) {
        crashed = crash;
        running = false;
        LockSupport.unpark(committer);
        try {
            committer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("the committer failed", failure);
        }
    }

    /** Adds the time since {@code start} to the write time; now. */
    private long timeWrite(long start) {
        long now = System.nanoTime();
        writeNanos.addAndGet(now - start);
        return now;
    }

    private long sync(long start) {
        store.sync();
        syncs.incrementAndGet();
        long now = System.nanoTime();
        syncNanos.addAndGet(now - start);
        return now;
    }

    private void commitLoop() {
        try {
            long committed = 0;
            long lastSync = System.nanoTime();
            long lastHousekeeping = lastSync;
            boolean unsynced = false;
            while (!crashed) {
                long target = appended.get();
                long now = System.nanoTime();
                if (target != committed) {
                    store.commit();
                    commits.incrementAndGet();
                    unsynced = true;
                    now = timeWrite(now);
                    if (policy == SyncPolicy.ALWAYS) {
                        now = sync(now);
                        unsynced = false;
                    }
                    committed = target;
                    durability.advance(committed);
                } else if (!running) {
                    break;
                }
                if (policy == SyncPolicy.INTERVAL && unsynced && now - lastSync >= SyncPolicy.INTERVAL_NANOS) {
                    lastSync = sync(now);
                    unsynced = false;
                }
                if (now - lastHousekeeping >= HOUSEKEEPING_NANOS) {
                    // Rewritten pages are changes like any other: the next commit writes them.
                    store.compact(FILL_RATE, REWRITE_BYTES);
                    lastHousekeeping = now;
                    now = timeWrite(now);
                }
                if (target == committed) {
                    committerParked = true;
                    if (appended.get() == committed && running) {
                        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                    }
                    committerParked = false;
                }
            }
            if (!crashed) {
                long target = appended.get();
                store.commit();
                store.sync();
                durability.advance(target);
            }
        } catch (Throwable e) {
            failure = e;
        }
    }
}
