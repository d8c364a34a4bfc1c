package dev.fountain.bench.store;

import dev.fountain.bench.LatencyHistogram;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One event loop of the broker under a QoS 1 load for persistent sessions: it keeps up to
 * {@code outstanding} messages enqueued and not yet durable (the PUBACKs it holds back); as each
 * becomes durable it counts the message as acknowledged and appends the message's {@code done}
 * (its subscriber's PUBACK, which waits for no disk). Slots form a ring: a producer's sequence
 * numbers grow, so its messages become durable in the order it enqueued them, and the callbacks are
 * made once, not per message.
 */
final class JournalProducer extends Thread {

    static final int SESSIONS = 1000;
    private static final long PARK_NANOS = 1_000_000;

    private final JournalCandidate store;
    private final int outstanding;
    private final long measureFrom;
    private final long stopAt;
    private final long drainUntil;
    private final long maxMessages;
    private final byte[][] topics = new byte[SESSIONS][];
    private final byte[] payload;
    private final long firstEntry;

    private final long[] entries;
    private final long[] enqueuedAt;
    private final AtomicLongArray durableAt;
    private final Runnable[] releases;
    private volatile boolean parked;

    // Results, read after join().
    final LatencyHistogram latency = new LatencyHistogram();
    long acknowledged;
    long dones;
    long enqueued;
    long stoppedAt;
    long undrained;

    JournalProducer(int index, JournalCandidate store, int outstanding, int payloadBytes, long measureFrom,
            long stopAt, long drainUntil, long maxMessages) {
        super("producer-" + index);
        this.store = store;
        this.outstanding = outstanding;
        this.measureFrom = measureFrom;
        this.stopAt = stopAt;
        this.drainUntil = drainUntil;
        this.maxMessages = maxMessages;
        this.firstEntry = (long) index << 40;
        for (int i = 0; i < SESSIONS; i++) {
            // 20 characters, as the model message has.
            topics[i] = String.format("sensors/%04d/reading", i).getBytes(StandardCharsets.US_ASCII);
        }
        payload = new byte[payloadBytes];
        entries = new long[outstanding];
        enqueuedAt = new long[outstanding];
        durableAt = new AtomicLongArray(outstanding);
        releases = new Runnable[outstanding];
        for (int i = 0; i < outstanding; i++) {
            int slot = i;
            releases[i] = () -> {
                durableAt.set(slot, System.nanoTime());
                if (parked) {
                    LockSupport.unpark(this);
                }
            };
        }
    }

    @Override
    public void run() {
        int head = 0;
        int tail = 0;
        int inFlight = 0;
        long next = 0;
        while (true) {
            long durable;
            while (inFlight > 0 && (durable = durableAt.get(head)) != 0) {
                durableAt.set(head, 0);
                store.done(entries[head]);
                if (durable >= measureFrom && durable < stopAt) {
                    latency.record(durable - enqueuedAt[head]);
                    acknowledged++;
                    dones++;
                }
                head = (head + 1) % outstanding;
                inFlight--;
            }
            long now = System.nanoTime();
            boolean stopping = now >= stopAt || next >= maxMessages;
            if (stopping) {
                if (stoppedAt == 0) {
                    stoppedAt = Math.min(now, stopAt);
                }
                if (inFlight == 0 || now >= drainUntil) {
                    undrained = inFlight;
                    enqueued = next;
                    return;
                }
            } else {
                while (inFlight < outstanding) {
                    long entry = firstEntry + next++;
                    int session = (int) (entry % SESSIONS);
                    entries[tail] = entry;
                    // Payloads differ, as real ones do: no store gets to compress repeats.
                    ThreadLocalRandom.current().nextBytes(payload);
                    enqueuedAt[tail] = System.nanoTime();
                    long sequence = store.enqueue(session, entry, topics[session], 1, payload);
                    store.whenDurable(sequence, releases[tail]);
                    tail = (tail + 1) % outstanding;
                    inFlight++;
                }
            }
            parked = true;
            if (durableAt.get(head) == 0) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            parked = false;
        }
    }
}
