package dev.fountain.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private final LatencyHistogram histogram = new LatencyHistogram();

    @Test
    void anEmptyHistogramReportsZero() {
        assertThat(histogram.percentile(99)).isZero();
        assertThat(histogram.count()).isZero();
    }

    @Test
    void smallValuesAreExact() {
        for (long value = 1; value <= 100; value++) {
            histogram.record(value);
        }

        assertThat(histogram.percentile(50)).isEqualTo(50);
        assertThat(histogram.percentile(99)).isEqualTo(99);
        assertThat(histogram.percentile(100)).isEqualTo(100);
        assertThat(histogram.mean()).isCloseTo(50.5, within(1e-9));
    }

    @Test
    void largeValuesAreWithinOneSixtyFourthAndNeverBelow() {
        for (long value = 1_000; value <= 1_000_000; value += 1_000) {
            histogram.record(value);
        }

        for (double percent : new double[] {50, 90, 99, 99.9}) {
            long exact = (long) Math.ceil(percent / 100 * 1_000) * 1_000;
            assertThat(histogram.percentile(percent)).isBetween(exact, exact + exact / 64);
        }
    }

    @Test
    void aRareOutlierShowsOnlyInTheTail() {
        for (int i = 0; i < 9_990; i++) {
            histogram.record(20_000);
        }
        for (int i = 0; i < 10; i++) {
            histogram.record(5_000_000);
        }

        assertThat(histogram.percentile(99)).isBetween(20_000L, 20_000L + 20_000 / 64);
        assertThat(histogram.percentile(99.95)).isBetween(5_000_000L, 5_000_000L + 5_000_000 / 64);
        assertThat(histogram.max()).isEqualTo(5_000_000);
    }

    @Test
    void theTopPercentileIsTheMaximumNotTheBucketBound() {
        histogram.record(1_000_001);

        assertThat(histogram.percentile(100)).isEqualTo(1_000_001);
    }

    @Test
    void bucketsAreContiguousAcrossPowersOfTwo() {
        for (long value = 0; value < 1 << 16; value++) {
            int index = LatencyHistogram.index(value);
            assertThat(LatencyHistogram.upperBound(index)).isGreaterThanOrEqualTo(value);
            if (index > 0) {
                assertThat(LatencyHistogram.upperBound(index - 1)).isLessThan(value);
            }
        }
    }

    @Test
    void theLargestValueHasABucket() {
        histogram.record(Long.MAX_VALUE);

        assertThat(histogram.percentile(50)).isEqualTo(Long.MAX_VALUE);
    }
}
