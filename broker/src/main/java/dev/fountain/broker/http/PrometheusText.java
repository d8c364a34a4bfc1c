package dev.fountain.broker.http;

import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import java.util.Locale;

/**
 * The broker's meters in the Prometheus text format, written by the broker itself for the
 * standalone broker, which has no Micrometer: the format is a few lines per meter and stable since
 * 2014, where the Prometheus registry and its client library would add about 1 MB and two
 * dependencies to a jar that is Netty and SLF4J. Names follow Micrometer's convention (dots to
 * underscores, {@code _total} on counters), so a dashboard works the same against the standalone
 * broker and an application, whose {@code /metrics} Micrometer writes.
 */
final class PrometheusText {

    private PrometheusText() {
    }

    static String of(BrokerStats stats) {
        StringBuilder text = new StringBuilder(4096);
        String family = null;
        for (Meter meter : Meter.all()) {
            boolean counter = meter.kind() == Meter.Kind.COUNTER;
            String name = meter.meterName().replace('.', '_') + (counter ? "_total" : "");
            if (!name.equals(family)) {
                family = name;
                text.append("# HELP ").append(name).append(' ').append(meter.description()).append('\n');
                text.append("# TYPE ").append(name).append(' ').append(counter ? "counter" : "gauge").append('\n');
            }
            text.append(name);
            if (meter.tagKey() != null) {
                // Tag values are this enum's constants: nothing in them needs escaping.
                text.append('{').append(meter.tagKey()).append("=\"").append(meter.tagValue()).append("\"}");
            }
            text.append(' ').append(String.format(Locale.ROOT, "%d", stats.value(meter))).append('\n');
        }
        text.append("# HELP fountain_uptime_seconds Seconds since the broker started\n")
                .append("# TYPE fountain_uptime_seconds gauge\n")
                .append("fountain_uptime_seconds ").append(stats.uptimeSeconds()).append('\n');
        return text.toString();
    }
}
