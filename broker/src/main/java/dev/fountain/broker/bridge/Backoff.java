package dev.fountain.broker.bridge;

import dev.fountain.broker.config.Bridge.RestartTimeout;
import java.util.random.RandomGenerator;

/**
 * How long a bridge waits before it connects again ({@code restart_timeout}). Constant, or
 * Mosquitto 2's "decorrelated jitter" (its {@code bridge__backoff_step}, after
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/): every attempt draws
 * the next wait at random between the base and three times the current wait, at most the cap; a
 * successful connection puts it back to the base. Touched on the bridge's event loop only.
 */
final class Backoff {

    private final RestartTimeout timeout;
    private final RandomGenerator random;
    private int seconds;

    Backoff(RestartTimeout timeout, RandomGenerator random) {
        this.timeout = timeout;
        this.random = random;
        this.seconds = timeout.baseSeconds();
    }

    /** A connection attempt starts: draw the wait that follows if it fails. */
    void attempt() {
        if (timeout.backoff()) {
            int base = timeout.baseSeconds();
            int bound = (int) Math.min(Integer.MAX_VALUE, Math.max(base + 1L, seconds * 3L));
            seconds = Math.min(timeout.capSeconds(), random.nextInt(base, bound));
        }
    }

    /** The connection is up: the next failure waits the base again. */
    void connected() {
        seconds = timeout.baseSeconds();
    }

    /** Seconds to wait before the next attempt. */
    int seconds() {
        return seconds;
    }
}
