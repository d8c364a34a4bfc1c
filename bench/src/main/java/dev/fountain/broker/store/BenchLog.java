package dev.fountain.broker.store;

import dev.fountain.bench.store.JournalCandidate;
import dev.fountain.bench.store.Records;
import dev.fountain.bench.store.Recovered;
import dev.fountain.bench.store.SyncPolicy;
import dev.fountain.broker.config.Persistence;
import dev.fountain.broker.routing.Message;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's {@link DiskStore} as the store benchmark's log candidate. It lives in the store's
 * package (under bench/src) to journal under the benchmark's own entry ids and to wait for a
 * position, which the broker's public API does not offer: the broker waits for "everything so
 * far", which is what a producer here asks too.
 */
public final class BenchLog implements JournalCandidate {

    /** The client id of the stored session that stands for the benchmark's session {@code n}. */
    private static final String CLIENT = "bench-";

    private final DiskStore store;
    private final ConcurrentHashMap<Long, Long> sessions = new ConcurrentHashMap<>();

    private BenchLog(DiskStore store) {
        this.store = store;
    }

    private long session(long benchSession) {
        return sessions.computeIfAbsent(benchSession, id -> {
            long stored = store.newSessionId();
            store.sessionOpened(stored, CLIENT + id, null, 0xFFFF_FFFFL);
            return stored;
        });
    }

    private static Persistence settings(Path directory, SyncPolicy policy) {
        return Persistence.OFF.withEnabled(true).withDirectory(directory).withAutosaveInterval(0)
                .withSync(switch (policy) {
                    case ALWAYS -> Persistence.Sync.ALWAYS;
                    case INTERVAL -> Persistence.Sync.INTERVAL;
                    case NONE -> Persistence.Sync.NONE;
                });
    }

    public static JournalCandidate open(Path directory, SyncPolicy policy) throws IOException {
        return new BenchLog(DiskStore.open(settings(directory, policy), error -> System.err.println(error)));
    }

    public static Recovered recover(Path directory) throws IOException {
        dev.fountain.broker.store.Recovered read = DiskStore.read(settings(directory, SyncPolicy.NONE));
        Map<Long, byte[]> queued = new HashMap<>();
        for (StoredSession stored : read.sessions()) {
            for (StoredSession.Entry entry : stored.entries.values()) {
                long benchSession = Long.parseLong(stored.clientId.substring(CLIENT.length()));
                StoredMessage message = entry.message();
                queued.put(entry.id, Records.queued(benchSession, message.topic.getBytes(StandardCharsets.UTF_8),
                        entry.qos, message.payload));
            }
        }
        Map<String, byte[]> retained = new HashMap<>();
        for (StoredMessage message : read.retained()) {
            retained.put(message.topic, Records.retained(message.qos, message.payload));
        }
        return new Recovered(queued, retained, String.join("; ", read.warnings()));
    }

    public static void compact(Path directory) throws IOException {
        try (DiskStore store = DiskStore.open(settings(directory, SyncPolicy.NONE), System.err::println)) {
            store.compact();
        }
    }

    @Override
    public long enqueue(long sessionId, long entryId, byte[] topic, int qos, byte[] payload) {
        Message message = new Message(new String(topic, StandardCharsets.UTF_8), Unpooled.wrappedBuffer(payload), qos,
                false);
        store.enqueued(session(sessionId), entryId, message, qos, false, null);
        return store.position();
    }

    @Override
    public long done(long entryId) {
        store.done(entryId);
        return store.position();
    }

    @Override
    public long retain(byte[] topic, int qos, byte[] payload) {
        store.retained(new Message(new String(topic, StandardCharsets.UTF_8), Unpooled.wrappedBuffer(payload), qos,
                true));
        return store.position();
    }

    @Override
    public long appended() {
        return store.position();
    }

    @Override
    public void whenDurable(long sequence, Runnable action) {
        store.afterPosition(sequence, action);
    }

    @Override
    public long commits() {
        return store.commits();
    }

    @Override
    public long syncs() {
        return store.fsyncs();
    }

    @Override
    public long writeNanos() {
        return store.writeNanos();
    }

    @Override
    public long syncNanos() {
        return store.fsyncNanos();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public void crash() {
        store.crash();
    }
}
