package dev.fountain.broker.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's counts. An event loop owns its tally and is its only writer, so an increment is a
 * plain add published with an opaque store (a plain {@code mov} on x86): no lock prefix, no
 * allocation, no contention with the other loops. Readers sum every tally with opaque loads, which
 * never see a torn or invented value, only one a moment old.
 *
 * <p>Threads that are not event loops (an application's worker calling {@code Broker.publish})
 * share one tally whose adds are atomic, so their number cannot grow with the threads an
 * application makes.
 */
public final class Tally {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    /**
     * Sixteen longs (128 bytes, two cache lines) on each side keep one loop's slots off the cache
     * lines of the next tally allocated beside it, which another core writes.
     */
    private static final int PAD = 16;

    private final long[] slots = new long[PAD + Meter.all().size() + PAD];
    private final boolean shared;

    Tally(boolean shared) {
        this.shared = shared;
    }

    /** Counts one. */
    public void add(Meter meter) {
        add(meter, 1);
    }

    /** Adds {@code amount}, negative for a gauge going down. */
    public void add(Meter meter, long amount) {
        int slot = PAD + meter.ordinal();
        if (shared) {
            SLOTS.getAndAdd(slots, slot, amount);
        } else {
            SLOTS.setOpaque(slots, slot, (long) SLOTS.getOpaque(slots, slot) + amount);
        }
    }

    /** A PUBLISH received at {@code qos}. */
    public void received(int qos) {
        add(Meter.received(qos), 1);
    }

    /** A PUBLISH sent at {@code qos}. */
    public void sent(int qos) {
        add(Meter.sent(qos), 1);
    }

    long get(Meter meter) {
        return (long) SLOTS.getOpaque(slots, PAD + meter.ordinal());
    }
}
