package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fountain.app.Publisher;
import dev.fountain.app.RunningApp;
import dev.fountain.app.StartupException;
import dev.fountain.app.connector.PublishQueueFullException;
import dev.fountain.broker.Broker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Client mode when the external broker is not there: at start, and while running. */
class ReconnectionTest {

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
        GardenRoutes.EVENTS.clear();
    }

    @Test
    void startWaitsForABrokerThatComesUpLate() throws Exception {
        int port = ClientApps.freePort();
        CompletableFuture<RunningApp> starting = CompletableFuture.supplyAsync(() -> ClientApps.start(port, "late",
                GardenRoutes.table(), Map.of("fountain.broker.connect-timeout", "30")));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !starting.isDone());
        broker = Broker.builder().port(port).build().start();
        app = starting.get();
        try (Device device = new Device(port)) {
            device.publish("home/garden/fountain/1", "on");
            await().until(() -> GardenRoutes.EVENTS.contains("fountain 1 on"));
        }
    }

    @Test
    void withSeveralUrlsTheApplicationConnectsToOneThatAnswers() throws Exception {
        broker = Broker.builder().port(0).build().start();
        String urls = "mqtt://127.0.0.1:" + ClientApps.freePort() + ",mqtt://127.0.0.1:" + broker.port();
        app = ClientApps.start(broker.port(), "failover", GardenRoutes.table(), Map.of("fountain.broker.url", urls));
        try (Device device = new Device(broker.port())) {
            device.publish("home/garden/fountain/5", "on");
            await().until(() -> GardenRoutes.EVENTS.contains("fountain 5 on"));
        }
    }

    @Test
    void startFailsClearlyWhenNoBrokerAnswersWithinTheConnectTimeout() throws Exception {
        int port = ClientApps.freePort();
        assertThatThrownBy(() -> ClientApps.start(port, "alone", GardenRoutes.table(),
                Map.of("fountain.broker.connect-timeout", "1")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("mqtt://127.0.0.1:" + port)
                .hasMessageContaining("fountain.broker.connect-timeout");
    }

    @Test
    void afterABrokerRestartTheAppResubscribesAndSendsWhatItPublishedMeanwhile() throws Exception {
        broker = Broker.builder().port(0).build().start();
        int port = broker.port();
        app = ClientApps.start(port, "restarted", GardenRoutes.table(), Map.of("fountain.broker.publish-queue", "3"));
        Publisher publisher = app.injector().getInstance(Publisher.class);

        broker.close();
        for (int i = 0; i < 3; i++) {
            // Retained, so a subscriber of the new broker sees them whenever it subscribes.
            publisher.publish("queued/" + i, "while down " + i, 1, true);
        }
        assertThatThrownBy(() -> publisher.publish("queued/3", "one too many", 1, true))
                .isInstanceOf(PublishQueueFullException.class)
                .hasMessageContaining("fountain.broker.publish-queue");

        // The new broker knows nothing of the old sessions: only a resubscription brings messages.
        // Without $SYS, whose retained topics would count too.
        broker = Broker.builder().port(port).configure(config -> config.sysInterval(0)).build().start();
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.retainedCount() == 3);
        try (Device device = new Device(port)) {
            device.subscribe("queued/#");
            assertThat(Device.text(device.next())).startsWith("while down");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                device.publish("home/garden/fountain/4", "on");
                assertThat(GardenRoutes.EVENTS).contains("fountain 4 on");
            });
        }
    }
}
