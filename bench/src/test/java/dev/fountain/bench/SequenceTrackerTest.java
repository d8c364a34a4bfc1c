package dev.fountain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    private final SequenceTracker tracker = new SequenceTracker();

    private void receive(long... sequences) {
        for (long sequence : sequences) {
            tracker.record(sequence);
        }
    }

    @Test
    void messagesInOrderAreAllDistinctAndNothingIsMissing() {
        receive(0, 1, 2, 3, 4);

        assertThat(tracker.distinct()).isEqualTo(5);
        assertThat(tracker.missing(5)).isZero();
        assertThat(tracker.duplicates()).isZero();
        assertThat(tracker.outOfOrder()).isZero();
        assertThat(tracker.highest()).isEqualTo(4);
    }

    @Test
    void aGapThatNeverFillsIsCountedAsMissing() {
        receive(0, 1, 3, 4);

        assertThat(tracker.missing(5)).isEqualTo(1);
        assertThat(tracker.outOfOrder()).isZero();
    }

    @Test
    void messagesNeverReceivedAtTheEndAreMissing() {
        receive(0, 1, 2);

        assertThat(tracker.missing(10)).isEqualTo(7);
    }

    @Test
    void aMessageAgainIsADuplicateWhetherBehindOrAheadOfAGap() {
        receive(0, 1, 1, 3, 3);

        assertThat(tracker.duplicates()).isEqualTo(2);
        assertThat(tracker.distinct()).isEqualTo(3);
    }

    @Test
    void aMessageArrivingAfterAHigherOneIsOutOfOrderButNotMissing() {
        receive(0, 2, 1, 3);

        assertThat(tracker.outOfOrder()).isEqualTo(1);
        assertThat(tracker.missing(4)).isZero();
        assertThat(tracker.duplicates()).isZero();
    }

    @Test
    void aDuplicateOfAnOutOfOrderMessageIsADuplicateOnly() {
        receive(0, 2, 1, 1, 2);

        assertThat(tracker.outOfOrder()).isEqualTo(1);
        assertThat(tracker.duplicates()).isEqualTo(2);
        assertThat(tracker.distinct()).isEqualTo(3);
    }

    @Test
    void theHighestMovesPastALossSoTheWindowDoesNotStall() {
        receive(0, 5);

        assertThat(tracker.highest()).isEqualTo(5);
    }

    @Test
    void aGapFallingOutOfTheWindowIsGivenUpAndCountedOnce() {
        long far = SequenceTracker.WINDOW + 10;
        receive(0, 2, far);

        assertThat(tracker.distinct()).isEqualTo(3);
        assertThat(tracker.missing(far + 1)).isEqualTo(far + 1 - 3);
        receive(far + 1, far + 2);
        assertThat(tracker.missing(far + 3)).isEqualTo(far + 3 - 5);
        assertThat(tracker.outOfOrder()).isZero();
    }

    @Test
    void aLateArrivalOfAGivenUpMessageCountsAsADuplicate() {
        receive(0, 2, 2L * SequenceTracker.WINDOW, 1);

        assertThat(tracker.duplicates()).isEqualTo(1);
    }

    @Test
    void manyReorderedMessagesAreAllCounted() {
        for (long base = 0; base < 10_000; base += 4) {
            receive(base + 1, base, base + 3, base + 2);
        }

        assertThat(tracker.distinct()).isEqualTo(10_000);
        assertThat(tracker.missing(10_000)).isZero();
        assertThat(tracker.outOfOrder()).isEqualTo(5_000);
        assertThat(tracker.duplicates()).isZero();
    }
}
