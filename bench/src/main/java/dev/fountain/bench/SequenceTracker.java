package dev.fountain.bench;

/**
 * What one subscriber received of one numbered stream (one publisher's messages on one topic):
 * distinct messages, duplicates, and messages that arrived after a higher number had (out of
 * order). Loss is what was sent minus what arrived, once the run has drained.
 *
 * <p>In order, recording is a compare and an increment. Numbers that arrive ahead of a gap are
 * remembered in a bit window of {@link #WINDOW} messages, allocated at the first gap; a gap that
 * falls more than that far behind is given up as lost (a message that still came after that would
 * count as a duplicate, not as a late arrival). The generator's end-to-end window keeps real
 * reordering far below that distance.
 */
final class SequenceTracker {

    static final int WINDOW = 1 << 16;
    private static final int WORDS = WINDOW / 64;

    private long next;
    private long highest = -1;
    private long[] ahead;
    private int aheadCount;
    private long distinct;
    private long duplicates;
    private long outOfOrder;

    void record(long sequence) {
        if (sequence < next) {
            duplicates++;
            return;
        }
        if (sequence == next && aheadCount == 0) {
            next++;
            distinct++;
            highest = sequence;
            return;
        }
        if (sequence - next >= WINDOW) {
            giveUpBefore(sequence - WINDOW + 1);
        }
        if (isAhead(sequence)) {
            duplicates++;
            return;
        }
        if (sequence < highest) {
            outOfOrder++;
        } else {
            highest = sequence;
        }
        distinct++;
        markAhead(sequence);
        while (aheadCount > 0 && isAhead(next)) {
            clearAhead(next);
            next++;
        }
    }

    private void giveUpBefore(long newNext) {
        if (newNext - next >= WINDOW) {
            if (ahead != null) {
                java.util.Arrays.fill(ahead, 0);
            }
            aheadCount = 0;
        } else {
            for (long s = next; s < newNext; s++) {
                if (isAhead(s)) {
                    clearAhead(s);
                }
            }
        }
        next = newNext;
    }

    private boolean isAhead(long sequence) {
        return ahead != null && (ahead[word(sequence)] & 1L << sequence) != 0;
    }

    private void markAhead(long sequence) {
        if (ahead == null) {
            ahead = new long[WORDS];
        }
        ahead[word(sequence)] |= 1L << sequence;
        aheadCount++;
    }

    private void clearAhead(long sequence) {
        ahead[word(sequence)] &= ~(1L << sequence);
        aheadCount--;
    }

    private static int word(long sequence) {
        return (int) (sequence >>> 6) & (WORDS - 1);
    }

    /** The highest number received, or -1: everything up to it has at least been overtaken. */
    long highest() {
        return highest;
    }

    long distinct() {
        return distinct;
    }

    long duplicates() {
        return duplicates;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    /** Messages of {@code sent} that never arrived. */
    long missing(long sent) {
        return Math.max(0, sent - distinct);
    }
}
