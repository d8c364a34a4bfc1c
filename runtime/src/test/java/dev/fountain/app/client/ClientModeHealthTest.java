package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.app.RunningApp;
import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.stats.Meter;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PrometheusScrape;
import dev.fountain.broker.testing.TestBrokers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness in client mode, on the application's own HTTP port: not ready while the broker cannot be
 * reached and the handlers are not subscribed, ready once every connection is up and every
 * subscription acknowledged, not ready again when the broker goes away.
 */
class ClientModeHealthTest {

    @TempDir
    Path dir;

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

    @Test
    void readyAfterAReconnectionOnlyOnceEverySubscriptionIsAcknowledgedAgain() throws Exception {
        int mqtt = ClientApps.freePort();
        int httpPort = ClientApps.freePort();
        broker = TestBrokers.start(config -> config.listener(Listener.mqtt(mqtt, "127.0.0.1")));
        app = ClientApps.start(mqtt, "resubscribe", GardenRoutes.table(),
                Map.of("fountain.http.port", Integer.toString(httpPort)));
        assertThat(get(httpPort, "/health/ready").statusCode()).isEqualTo(200);

        // The broker comes back without its store, and now lets anonymous clients read lights/# only:
        // every connection is up again, and three of the four resubscriptions are refused.
        broker.close();
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of("topic read lights/#"));
        Broker strict = TestBrokers.start(config -> config.listener(Listener.mqtt(mqtt, "127.0.0.1")).aclFile(acl));
        broker = strict;
        int links = GardenRoutes.table().routes().size() + 1;
        await().atMost(Duration.ofSeconds(15)).until(() -> strict.stats().value(Meter.CLIENTS_CONNECTED) == links);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> get(httpPort, "/health/ready").body().contains("\"broker\":\"DOWN\""));

        // Back without the ACL: ready again, and the handlers have their subscriptions.
        strict.close();
        broker = TestBrokers.start(config -> config.listener(Listener.mqtt(mqtt, "127.0.0.1")));
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> get(httpPort, "/health/ready").statusCode() == 200);
        try (PahoClient device = PahoClient.connect(mqtt, "device")) {
            device.publish("home/garden/fountain/7", "on", 1, false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> GardenRoutes.EVENTS.contains("fountain 7 on"));
    }
}
