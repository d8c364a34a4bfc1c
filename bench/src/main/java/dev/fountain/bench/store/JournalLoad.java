package dev.fountain.bench.store;

import dev.fountain.bench.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Journal throughput with group commit: {@link JournalProducer}s against one store, a warm-up, a
 * measured window, then a drain of what is still outstanding (at most 10 s). Counted in the window:
 * messages that became durable (acknowledged to their publisher) and the records appended for them
 * (their enqueue and their done); latency is enqueue to durable, as the store's writer saw it.
 */
final class JournalLoad {

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    record Result(long messages, long records, double seconds, LatencyHistogram latency, long commits, long syncs,
            long writeNanos, long syncNanos, long undrained) {

        double messagesPerSecond() {
            return messages / seconds;
        }

        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private JournalLoad() {
    }

    static Result run(JournalCandidate store, int producers, int outstanding, int payloadBytes, double warmupSeconds,
            double durationSeconds, long maxMessages) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long stopAt = measureFrom + (long) (durationSeconds * 1e9);
        List<JournalProducer> threads = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            threads.add(new JournalProducer(i, store, outstanding, payloadBytes, measureFrom, stopAt,
                    stopAt + DRAIN_NANOS, maxMessages / producers));
        }
        threads.forEach(Thread::start);
        sleepUntil(measureFrom);
        long commitsBefore = store.commits();
        long syncsBefore = store.syncs();
        long writeBefore = store.writeNanos();
        long syncBefore = store.syncNanos();
        sleepUntil(stopAt);
        long commits = store.commits() - commitsBefore;
        long syncs = store.syncs() - syncsBefore;
        long writeNanos = store.writeNanos() - writeBefore;
        long syncNanos = store.syncNanos() - syncBefore;
        LatencyHistogram latency = new LatencyHistogram();
        long messages = 0;
        long records = 0;
        long undrained = 0;
        long end = measureFrom;
        for (JournalProducer producer : threads) {
            producer.join();
            latency.add(producer.latency);
            messages += producer.acknowledged;
            records += producer.acknowledged + producer.dones;
            undrained += producer.undrained;
            end = Math.max(end, producer.stoppedAt);
        }
        double seconds = Math.max(1e-3, (end - measureFrom) / 1e9);
        return new Result(messages, records, seconds, latency, commits, syncs, writeNanos, syncNanos, undrained);
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
