package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.app.RunningApp;
import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.testing.PrometheusScrape;
import dev.fountain.broker.testing.TestBrokers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Readiness in client mode, on the application's own HTTP port: not ready while the broker cannot be
 * reached and the handlers are not subscribed, ready once every connection is up and every
 * subscription acknowledged, not ready again when the broker goes away.
 */
class ClientModeHealthTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Broker broker;
    private RunningApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyOnlyWhileConnectedWithEverySubscriptionAcknowledged() throws Exception {
        int mqtt = ClientApps.freePort();
        int httpPort = ClientApps.freePort();
        CompletableFuture<RunningApp> starting = CompletableFuture.supplyAsync(() -> ClientApps.start(mqtt,
                "health", GardenRoutes.table(), Map.of("fountain.http.port", Integer.toString(httpPort))));

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> ready = get(httpPort, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"broker\":\"DOWN\",\"handlers\":\"DOWN\"}}");
        });
        assertThat(get(httpPort, "/health/live").statusCode()).isEqualTo(200);

        broker = TestBrokers.start(config -> config.listener(Listener.mqtt(mqtt, "127.0.0.1")));
        app = starting.get(30, TimeUnit.SECONDS);
        HttpResponse<String> ready = get(httpPort, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"broker\":\"UP\",\"handlers\":\"UP\"}}");
        PrometheusScrape scrape = PrometheusScrape.of(httpPort);
        assertThat(scrape.matching("fountain_handler_invocations_total", "outcome", "success")).hasSize(4);

        broker.close();
        broker = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> get(httpPort, "/health/ready").statusCode() == 503);
    }
}
