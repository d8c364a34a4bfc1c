package dev.fountain.bench.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Our own append-only log as a {@link JournalCandidate}: the one place where the store benchmark
 * meets the broker's log. Today it runs the bench's {@link StandInLog} (and {@link LogFiles}), a
 * minimal log of the same design, so the whole harness runs before the real one exists.
 *
 * <p>PLUGGING IN {@code dev.fountain.broker.store}: replace the {@code StandInLog} field and the
 * three static methods' bodies with calls to the broker's log (its writer appending, its
 * durable-sequence callback, its replay into memory, its snapshot), then delete
 * {@code StandInLog} and {@code LogFiles}. Nothing else in the bench changes: {@link JournalLoad},
 * {@link History} and {@code bench/store.sh} see only this class through {@link Candidate#LOG}.
 * bench already depends on fountain-broker (through fountain-runtime); a package-private API there
 * is reachable by putting this class in {@code dev.fountain.broker.store} under bench/src, as
 * {@code PublishEncoderBenchmark} does for {@code dev.fountain.broker.protocol}.
 */
final class LogCandidate implements JournalCandidate {

    private final StandInLog log;

    private LogCandidate(StandInLog log) {
        this.log = log;
    }

    static JournalCandidate open(Path directory, SyncPolicy policy) throws IOException {
        return new LogCandidate(new StandInLog(directory, policy));
    }

    static Recovered recover(Path directory) throws IOException {
        return LogFiles.replay(directory);
    }

    static void compact(Path directory) throws IOException {
        LogFiles.compact(directory);
    }

    @Override
    public long enqueue(long sessionId, long entryId, byte[] topic, int qos, byte[] payload) {
        return log.appendEnqueue(entryId, sessionId, topic, qos, payload);
    }

    @Override
    public long done(long entryId) {
        return log.appendDone(entryId);
    }

    @Override
    public long retain(byte[] topic, int qos, byte[] payload) {
        return log.appendRetain(topic, qos, payload);
    }

    @Override
    public long appended() {
        return log.appended();
    }

    @Override
    public void whenDurable(long sequence, Runnable action) {
        log.whenDurable(sequence, action);
    }

    @Override
    public long commits() {
        return log.commits();
    }

    @Override
    public long syncs() {
        return log.syncs();
    }

    @Override
    public long writeNanos() {
        return log.writeNanos();
    }

    @Override
    public long syncNanos() {
        return log.syncNanos();
    }

    @Override
    public void close() {
        log.close();
    }

    @Override
    public void crash() {
        log.crash();
    }
}
