package dev.fountain.broker.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.config.Bridge.RestartTimeout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** restart_timeout: constant, or Mosquitto's decorrelated jitter between a base and a cap. */
class BackoffTest {

    @Test
    void aConstantTimeoutIsTheSameAfterEveryAttempt() {
        Backoff backoff = new Backoff(RestartTimeout.constant(20), new SplittableRandom(1));
        for (int i = 0; i < 5; i++) {
            backoff.attempt();
            assertThat(backoff.seconds()).isEqualTo(20);
        }
    }

    @Test
    void jitterDrawsEachWaitBetweenTheBaseAndThreeTimesTheLastOneAtMostTheCap() {
        Backoff backoff = new Backoff(new RestartTimeout(5, 30), new SplittableRandom(7));
        List<Integer> waits = new ArrayList<>();
        int last = 5;
        for (int i = 0; i < 200; i++) {
            backoff.attempt();
            int wait = backoff.seconds();
            assertThat(wait).isBetween(5, Math.min(30, last * 3));
            waits.add(wait);
            last = wait;
        }
        assertThat(waits).contains(30).anyMatch(wait -> wait > 5 && wait < 30);
    }

    @Test
    void aConnectionPutsTheWaitBackToTheBase() {
        Backoff backoff = new Backoff(new RestartTimeout(2, 600), new SplittableRandom(3));
        for (int i = 0; i < 20; i++) {
            backoff.attempt();
        }
        assertThat(backoff.seconds()).isGreaterThan(2);

        backoff.connected();

        assertThat(backoff.seconds()).isEqualTo(2);
    }
}
