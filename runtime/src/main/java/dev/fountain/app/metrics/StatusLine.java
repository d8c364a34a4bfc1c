package dev.fountain.app.metrics;

import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The line the development loop prints every 10 s on a terminal, from the same meters as
 * {@code /metrics}: {@code 12:00:10  3 connections  41.2 msg/s in  82.4 msg/s out  0 handler errors}.
 * Each call covers the time since the previous one.
 */
public final class StatusLine {

    private final BrokerStats stats;
    private final LongSupplier handlerErrors;
    private long lastNanos = System.nanoTime();
    private long lastIn;
    private long lastOut;
    private long lastErrors;

    /** @param stats the embedded broker's meters, or {@code null} in client mode */
    StatusLine(BrokerStats stats, LongSupplier handlerErrors) {
        this.stats = stats;
        this.handlerErrors = handlerErrors;
        if (stats != null) {
            lastIn = stats.total(Meter.RECEIVED_QOS0.meterName());
            lastOut = stats.total(Meter.SENT_QOS0.meterName());
        }
        lastErrors = handlerErrors.getAsLong();
    }

    /** The next line. */
    public synchronized String next() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        long errors = handlerErrors.getAsLong();
        long newErrors = Math.max(0, errors - lastErrors);
        lastErrors = errors;
        String handlers = newErrors + (newErrors == 1 ? " handler error" : " handler errors");
        if (stats == null) {
            return handlers + " since the last line";
        }
        long in = stats.total(Meter.RECEIVED_QOS0.meterName());
        long out = stats.total(Meter.SENT_QOS0.meterName());
        String line = String.format(Locale.ROOT, "%d connections, %.1f msg/s in, %.1f msg/s out, %s",
                stats.value(Meter.CONNECTIONS_ACTIVE), (in - lastIn) / seconds, (out - lastOut) / seconds, handlers);
        lastIn = in;
        lastOut = out;
        return line;
    }
}
