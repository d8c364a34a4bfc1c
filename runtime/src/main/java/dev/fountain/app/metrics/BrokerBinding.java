package dev.fountain.app.metrics;

import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The embedded broker's meters in a Micrometer registry. The broker counts in its own per-loop
 * tallies (it is Netty and SLF4J only, and a Micrometer counter per message would cost an atomic
 * add on a shared cell); here each becomes a function counter or gauge that reads the tallies when
 * the registry is scraped, so Micrometer costs nothing per message.
 */
final class BrokerBinding {

    private BrokerBinding() {
    }

    static void bind(BrokerStats stats, MeterRegistry registry) {
        for (Meter meter : Meter.all()) {
            Tags tags = meter.tagKey() == null ? Tags.empty() : Tags.of(meter.tagKey(), meter.tagValue());
            if (meter.kind() == Meter.Kind.COUNTER) {
                FunctionCounter.builder(meter.meterName(), stats, s -> s.value(meter)).tags(tags)
                        .description(meter.description()).register(registry);
            } else {
                Gauge.builder(meter.meterName(), stats, s -> s.value(meter)).tags(tags)
                        .description(meter.description()).register(registry);
            }
        }
        Gauge.builder("fountain.uptime", stats, BrokerStats::uptimeSeconds).baseUnit("seconds")
                .description("Seconds since the broker started").register(registry);
    }
}
