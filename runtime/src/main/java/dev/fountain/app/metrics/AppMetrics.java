package dev.fountain.app.metrics;

import dev.fountain.broker.Broker;
import dev.fountain.broker.http.HttpEndpoints;
import dev.fountain.broker.http.HttpReply;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * One application version's meters: a Prometheus registry that holds the embedded broker's meters
 * (bound, not copied: {@link BrokerBinding}), one set per handler ({@link RouteMeters}), and
 * whatever the application registers on the {@link MeterRegistry} it injects. On the broker's HTTP
 * port it answers {@code /metrics} with the registry's scrape, adds the readiness check
 * "handlers" (up from the moment every handler is subscribed until the version stops), and gives
 * the status page its handler rows from the same meters.
 */
public final class AppMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<RouteMeters> routes = new CopyOnWriteArrayList<>();
    private volatile boolean handlersUp;
    private Broker broker;

    /** The registry an application injects to add its own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Binds the embedded broker's meters and serves this registry on its HTTP endpoints. */
    public void serveOn(Broker embedded) {
        this.broker = embedded;
        BrokerBinding.bind(embedded.stats(), registry);
        serveOn(embedded.http());
    }

    /** Serves this registry, the readiness of the handlers and their rows on {@code http}. */
    public void serveOn(HttpEndpoints http) {
        http.endpoint(HttpEndpoints.METRICS, () -> HttpReply.prometheus(registry.scrape()));
        http.health().check("handlers", () -> handlersUp);
        http.status().routes(() -> RouteMeters.samples(routes));
    }

    /** Meters for one handler; {@code waiting} reads its queue's depth. */
    public RouteMeters route(String handler, String route, IntSupplier waiting) {
        RouteMeters meters = new RouteMeters(registry, handler, route, waiting);
        routes.add(meters);
        return meters;
    }

    /** Every handler is subscribed: the application is ready. */
    public void handlersStarted() {
        handlersUp = true;
    }

    /** The handlers are stopping: not ready, and their meters leave the registry. */
    public void handlersStopped() {
        handlersUp = false;
        routes.forEach(RouteMeters::remove);
        routes.clear();
    }

    /**
     * What the development loop prints every 10 s on a terminal: connections, messages per second
     * in and out since the last line, and handler errors since the last line.
     */
    public StatusLine statusLine() {
        return new StatusLine(broker == null ? null : broker.stats(), () -> routes.stream()
                .mapToLong(route -> route.sample().errors()).sum());
    }
}
