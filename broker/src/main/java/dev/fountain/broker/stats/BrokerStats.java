package dev.fountain.broker.stats;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * One broker's meters: the tallies its threads count into, and the suppliers of the gauges that are
 * read from where their state lives. Counting costs an opaque add on the counting thread's own
 * tally; reading (a scrape, a {@code $SYS} update, the status page) sums the tallies, so the cost
 * of a total is paid by whoever asks for it, a few times a minute, and not per message.
 */
public final class BrokerStats {

    private final List<Tally> tallies = new CopyOnWriteArrayList<>();
    private final Tally shared = new Tally(true);
    private final FastThreadLocal<Tally> perThread = new FastThreadLocal<>() {
        @Override
        protected Tally initialValue() {
            Tally tally = new Tally(false);
            tallies.add(tally);
            return tally;
        }
    };
    private final LongSupplier[] samplers = new LongSupplier[Meter.all().size()];
    private final long startedNanos = System.nanoTime();

    public BrokerStats() {
        tallies.add(shared);
    }

    /**
     * The calling thread's tally: its own on an event loop (Netty's threads are
     * {@link FastThreadLocalThread}s, where this is an array index), the shared atomic one
     * elsewhere. A caller that stays on one event loop may keep what this returns.
     */
    public Tally here() {
        return Thread.currentThread() instanceof FastThreadLocalThread ? perThread.get() : shared;
    }

    /** Counts one {@code meter} on the calling thread. */
    public void count(Meter meter) {
        here().add(meter, 1);
    }

    /** A CONNECT refused with the CONNACK reason code named {@code reasonCodeName}. */
    public void refused(String reasonCodeName) {
        count(Meter.refused(reasonCodeName));
    }

    /** Where a {@link Meter.Source#SAMPLED} meter is read from. */
    public void sample(Meter meter, LongSupplier supplier) {
        if (meter.source() != Meter.Source.SAMPLED) {
            throw new IllegalArgumentException(meter + " is counted, not sampled");
        }
        samplers[meter.ordinal()] = supplier;
    }

    /** The meter's value now: the sum over every thread's tally, or its sampler's reading (0 without one). */
    public long value(Meter meter) {
        if (meter.source() == Meter.Source.SAMPLED) {
            LongSupplier sampler = samplers[meter.ordinal()];
            return sampler == null ? 0 : sampler.getAsLong();
        }
        long sum = 0;
        for (Tally tally : tallies) {
            sum += tally.get(meter);
        }
        // A gauge counted up on one loop and down on another is right in sum only; a read between the
        // two can see the down without the up, which is never below zero for long.
        return meter.kind() == Meter.Kind.GAUGE ? Math.max(0, sum) : sum;
    }

    /** The sum of a counter over all its tag values: {@code fountain.messages.received} over QoS. */
    public long total(String meterName) {
        long sum = 0;
        for (Meter meter : Meter.all()) {
            if (meter.meterName().equals(meterName)) {
                sum += value(meter);
            }
        }
        return sum;
    }

    /** Seconds since this broker started. */
    public long uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }
}
