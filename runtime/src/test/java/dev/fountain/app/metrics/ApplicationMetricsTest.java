package dev.fountain.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.app.Fountain;
import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import dev.fountain.app.RunningApp;
import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PrometheusScrape;
import dev.fountain.broker.testing.TestBrokers;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application's /metrics (Micrometer's Prometheus registry, with the broker's meters bound and one
 * set per handler, tagged by route pattern) and its readiness, on its HTTP port, with real clients.
 */
class ApplicationMetricsTest {

    static final class Pump {
        @Inject
        Pump(MeterRegistry registry) {
            // The application's own meter, on the registry Fountain scrapes.
            registry.counter("garden.pump.starts").increment();
        }

        void run(int fountain, String state) {
            if (state.equals("explode")) {
                throw new IllegalStateException("pump " + fountain + " exploded");
            }
        }
    }

    static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** A handler that Guice cannot finish making until the test says so: startup stops before subscribing. */
    static final class Slow {
        @Inject
        Slow() throws InterruptedException {
            RELEASE.await(30, TimeUnit.SECONDS);
        }
    }

    private static RouteTable garden() {
        return () -> List.of(Route.subscribe(Pump.class, "run", "home/garden/fountain/+", 1, null,
                (handler, message) -> {
                    ((Pump) handler).run(message.wildcardInt(0), message.payloadString());
                    return null;
                }));
    }

    @TempDir
    Path www;

    private RunningApp app;
    private Broker shared;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (shared != null) {
            shared.close();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handlerMetersCountEachOutcomeTaggedByRoutePatternBesideTheBrokersMeters() throws Exception {
        app = Fountain.builder().broker(broker -> broker.port(0)).property("fountain.http.port", "0")
                .routeTables(garden()).start();
        int httpPort = app.broker().port(Listener.Protocol.WEBSOCKETS);
        try (PahoClient device = PahoClient.connect(app.port(), "device")) {
            device.publish("home/garden/fountain/1", "on", 1, false);
            device.publish("home/garden/fountain/2", "off", 1, false);
            device.publish("home/garden/fountain/3", "explode", 1, false);
            device.publish("home/garden/fountain/four", "on", 1, false);
        }
        MeterRegistry registry = app.metrics().registry();
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("fountain.handler.duration").timer().count() == 4);

        PrometheusScrape scrape = PrometheusScrape.of(httpPort);
        String[] route = {"route", "home/garden/fountain/+", "handler", "Pump#run"};
        assertThat(scrape.value("fountain_handler_invocations_total", with(route, "outcome", "success"))).isEqualTo(2);
        assertThat(scrape.value("fountain_handler_invocations_total", with(route, "outcome", "error"))).isEqualTo(1);
        assertThat(scrape.value("fountain_handler_invocations_total", with(route, "outcome", "invalid"))).isEqualTo(1);
        assertThat(scrape.value("fountain_handler_duration_seconds_count", route)).isEqualTo(4);
        assertThat(scrape.value("fountain_handler_duration_seconds_sum", route)).isPositive();
        assertThat(scrape.value("fountain_handler_queue", route)).isZero();
        assertThat(scrape.matching("fountain_handler_invocations_total"))
                .allSatisfy(sample -> assertThat(sample.labels().get("route")).isEqualTo("home/garden/fountain/+"));
        assertThat(scrape.value("fountain_messages_received_total", "qos", "1")).isEqualTo(4);
        assertThat(scrape.value("fountain_messages_sent_total", "qos", "1")).as("to the handler's in-process client")
                .isEqualTo(4);
        assertThat(scrape.value("fountain_connections_opened_total")).isEqualTo(1);
        assertThat(scrape.value("fountain_subscriptions")).isEqualTo(1);
        assertThat(scrape.value("garden_pump_starts_total")).isEqualTo(1);
        assertThat(scrape.types()).containsEntry("fountain_handler_duration_seconds", "summary");
    }

    @Test
    void notReadyWhileHandlersAreStartingReadyOnceSubscribedNotReadyAfterTheyStop() throws Exception {
        shared = TestBrokers.start(config -> config.listener(Listener.websockets(0, "127.0.0.1").withHttpDir(www)));
        int httpPort = shared.port(Listener.Protocol.WEBSOCKETS);
        RouteTable slow = () -> List.of(Route.subscribe(Slow.class, "on", "slow/+", 1, null, (h, m) -> null));
        CompletableFuture<RunningApp> starting = CompletableFuture.supplyAsync(() -> Fountain.builder()
                .useBroker(shared).routeTables(garden(), slow).start());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> ready = get(httpPort, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"handlers\":\"DOWN\",\"listeners\":\"UP\"}}");
        });
        assertThat(shared.subscriptionCount()).as("no handler subscribed yet").isZero();
        RELEASE.countDown();
        app = starting.get(30, TimeUnit.SECONDS);

        HttpResponse<String> ready = get(httpPort, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"handlers\":\"UP\",\"listeners\":\"UP\"}}");
        assertThat(get(httpPort, "/health/live").statusCode()).isEqualTo(200);

        app.close();
        app = null;
        assertThat(get(httpPort, "/health/ready").statusCode()).isEqualTo(503);
    }

    private static String[] with(String[] labels, String key, String value) {
        String[] all = Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = key;
        all[labels.length + 1] = value;
        return all;
    }
}
