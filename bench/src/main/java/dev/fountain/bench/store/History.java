package dev.fountain.bench.store;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The store a restart finds (issue 14's "restart time with 100,000 queued messages and 10,000
 * retained"), written as a broker would have written it: {@code queued + history} messages enqueued
 * in entry order, of which {@code history} are done again {@link #LAG} entries later and
 * {@code queued}, spread evenly, stay; each of {@code retained} topics gets a retained message twice,
 * the second replacing the first. So the files hold garbage (done pairs and replaced retained
 * messages) among the live data, and compaction has something to do.
 */
final class History {

    /** How many entries later a message's done follows it: the subscriber's lag. */
    static final int LAG = 1000;
    /** At most this many records not yet durable, so the writer's buffers stay bounded. */
    private static final long WINDOW = 20_000;

    record Result(long records, double seconds) {
    }

    private History() {
    }

    static Result write(JournalCandidate store, int queued, int retained, int history, int payloadBytes,
            double maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + (long) (maxSeconds * 1e9);
        byte[] payload = new byte[payloadBytes];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[][] topics = new byte[JournalProducer.SESSIONS][];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = String.format("sensors/%04d/reading", i).getBytes(StandardCharsets.US_ASCII);
        }
        long total = (long) queued + history;
        long retainEvery = Math.max(1, total / (2L * retained));
        long[] pendingDone = new long[LAG];
        int retainWrites = 0;
        for (long entry = 0; entry < total; entry++) {
            int session = (int) (entry % JournalProducer.SESSIONS);
            random.nextBytes(payload);
            store.enqueue(session, entry, topics[session], 1, payload);
            int slot = (int) (entry % LAG);
            if (entry >= LAG && pendingDone[slot] >= 0) {
                store.done(pendingDone[slot]);
            }
            // Entry i stays when i * queued / total steps up: queued of them, evenly spread.
            boolean stays = (entry + 1) * queued / total != entry * queued / total;
            pendingDone[slot] = stays ? -1 : entry;
            if (entry % retainEvery == 0 && retainWrites < 2 * retained) {
                byte[] topic = String.format("retained/device/%05d", retainWrites % retained)
                        .getBytes(StandardCharsets.US_ASCII);
                random.nextBytes(payload);
                store.retain(topic, 1, payload);
                retainWrites++;
            }
            if (entry % 1000 == 0) {
                throttle(store, deadline);
            }
        }
        for (long entry = Math.max(0, total - LAG); entry < total; entry++) {
            long done = pendingDone[(int) (entry % LAG)];
            if (done >= 0) {
                store.done(done);
            }
        }
        while (retainWrites < 2 * retained) {
            store.retain(String.format("retained/device/%05d", retainWrites % retained)
                    .getBytes(StandardCharsets.US_ASCII), 1, payload);
            retainWrites++;
        }
        awaitDurable(store, store.appended(), deadline);
        return new Result(store.appended(), (System.nanoTime() - start) / 1e9);
    }

    private static void throttle(JournalCandidate store, long deadline) throws InterruptedException {
        long appended = store.appended();
        if (appended > WINDOW) {
            awaitDurable(store, appended - WINDOW / 2, deadline);
        }
    }

    private static void awaitDurable(JournalCandidate store, long sequence, long deadline) throws InterruptedException {
        CountDownLatch durable = new CountDownLatch(1);
        store.whenDurable(sequence, durable::countDown);
        if (!durable.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("history not durable in time: the store is too slow for this bound");
        }
    }
}
