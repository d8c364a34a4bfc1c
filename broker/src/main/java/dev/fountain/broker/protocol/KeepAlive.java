package dev.fountain.broker.protocol;

/**
 * Keep Alive (MQTT 3.1.1 section 3.1.2.10, MQTT 5 sections 3.1.2.10 and 3.2.2.3.14): the interval
 * the client promised to send something within, capped by {@code max_keepalive}, and the watch
 * that closes a client silent for one and a half times that [MQTT-3.1.2-24]. The interval in force
 * is {@link ClientSettings#keepAliveSeconds()}; the watch is the connection's place on its loop's
 * {@link ConnectionTimers}.
 */
final class KeepAlive {

    private KeepAlive() {
    }

    /**
     * Whether the client's Keep Alive is longer than {@code max_keepalive} (0: no maximum). An
     * MQTT 3.1.1 client is refused for it; an MQTT 5 client is told the server's instead, in the
     * Server Keep Alive of CONNACK [MQTT-3.2.2-21].
     */
    static boolean exceedsMaximum(int requestedSeconds, int maxKeepalive) {
        return maxKeepalive > 0 && requestedSeconds > maxKeepalive;
    }

    /** How long a client with Keep Alive {@code seconds} may be silent, in nanoseconds; 0 for no limit. */
    static long limitNanos(int seconds) {
        return seconds * 1_500_000_000L;
    }
}
