package dev.fountain.app.metrics;

import dev.fountain.broker.http.RouteSample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One handler's meters, tagged by its route pattern ({@code home/garden/fountain/+}) and its name
 * ({@code Fountains#command}), never by the topic a message came on: the number of series is the
 * number of handlers, whatever devices publish. Recording is a counter increment and a timer
 * record on the worker that ran the handler.
 */
public final class RouteMeters {

    /** How one invocation ended. */
    public enum Outcome {
        SUCCESS("success"),
        /** The handler threw. */
        ERROR("error"),
        /** The payload or a wildcard did not convert to the parameter's type: the handler did not run. */
        INVALID("invalid");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    private final String handler;
    private final String route;
    private final MeterRegistry registry;
    private final Counter[] invocations = new Counter[Outcome.values().length];
    private final Timer duration;
    private final Gauge queue;

    RouteMeters(MeterRegistry registry, String handler, String route, IntSupplier waiting) {
        this.handler = handler;
        this.route = route;
        this.registry = registry;
        Tags tags = Tags.of("route", route, "handler", handler);
        for (Outcome outcome : Outcome.values()) {
            invocations[outcome.ordinal()] = Counter.builder("fountain.handler.invocations")
                    .description("Messages a handler was given, by how it ended").tags(tags)
                    .tag("outcome", outcome.tag).register(registry);
        }
        duration = Timer.builder("fountain.handler.duration").description("Time in the handler, reply included")
                .tags(tags).register(registry);
        queue = Gauge.builder("fountain.handler.queue", waiting, IntSupplier::getAsInt)
                .description("Messages waiting for the handler").tags(tags).register(registry);
    }

    /** Records one invocation that took {@code nanos}. */
    public void record(Outcome outcome, long nanos) {
        invocations[outcome.ordinal()].increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Takes this handler's meters out of the registry, for an application version that stops. */
    void remove() {
        for (Counter counter : invocations) {
            registry.remove(counter);
        }
        registry.remove(duration);
        registry.remove(queue);
    }

    /** The row the status page shows, from the same meters {@code /metrics} shows. */
    RouteSample sample() {
        long all = 0;
        for (Counter counter : invocations) {
            all += (long) counter.count();
        }
        long errors = (long) (invocations[Outcome.ERROR.ordinal()].count()
                + invocations[Outcome.INVALID.ordinal()].count());
        return new RouteSample(handler, route, all, errors,
                (long) duration.totalTime(TimeUnit.NANOSECONDS), (long) queue.value());
    }

    static List<RouteSample> samples(List<RouteMeters> routes) {
        return routes.stream().map(RouteMeters::sample).toList();
    }
}
