package dev.fountain.bench;

/**
 * Latencies in nanoseconds, in log-linear buckets: exact below 128, then 64 buckets per power of
 * two, so any value is known within 1/64 (1.6 %) and the whole range of a long fits in 3,712
 * counters. Percentiles report the upper bound of their bucket, never below the truth.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 6;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int EXACT_LIMIT = 2 * SUB_COUNT;
    private static final int BUCKETS = (64 - SUB_BITS) * SUB_COUNT;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;
    private double sum;

    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[index(value)]++;
        count++;
        sum += value;
        max = Math.max(max, value);
    }

    /** Adds {@code other}'s recordings to this one's (one histogram per thread, merged at the end). */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        sum += other.sum;
        max = Math.max(max, other.max);
    }

    static int index(long value) {
        if (value < EXACT_LIMIT) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS;
        return shift * SUB_COUNT + (int) (value >>> shift);
    }

    static long upperBound(int index) {
        if (index < EXACT_LIMIT) {
            return index;
        }
        int shift = index / SUB_COUNT - 1;
        long top = index % SUB_COUNT + SUB_COUNT;
        return ((top + 1) << shift) - 1;
    }

    public long count() {
        return count;
    }

    public long max() {
        return max;
    }

    public double mean() {
        return count == 0 ? 0 : sum / count;
    }

    /** The value {@code percent} % of the recordings are at or below, 0 when there are none. */
    public long percentile(double percent) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100 * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }
}
