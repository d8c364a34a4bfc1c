package dev.fountain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.TestBrokers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A version of an application starts wholly or not at all: on a shared broker, as in the
 * development loop, a version whose second route fails leaves nothing subscribed and no worker
 * running, and the previous version alone goes on answering.
 */
class AllOrNothingStartTest {

    private Broker broker;
    private RunningApp previous;

    @BeforeEach
    void startPreviousVersion() throws Exception {
        // Three levels at most, so a deeper filter is refused by the broker itself, after the
        // first route already subscribed.
        broker = TestBrokers.start(config -> config.maxTopicLevels(3));
        previous = Fountain.builder().useBroker(broker).routeTables(lights("previous")).start();
    }

    @AfterEach
    void stop() {
        previous.close();
        broker.close();
    }

    /** {@code lights/+/set} answered on {@code lights/status} with the version's name. */
    private static RouteTable lights(String version) {
        return () -> List.of(Route.subscribe(Object.class, "lights", "lights/+/set", 1, null,
                (handler, message) -> version).publishing("lights/status", 1, false));
    }

    private static RouteTable brokenSecondRoute(String filter) {
        return () -> List.of(
                Route.subscribe(Object.class, "lights", "lights/+/set", 1, null, (handler, message) -> "broken")
                        .publishing("lights/status", 1, false),
                Route.subscribe(Object.class, "deep", filter, 1, null, (handler, message) -> null));
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("fountain-worker-")).count();
    }

    private void assertOnlyThePreviousVersionAnswers(int subscriptionsBefore) throws Exception {
        assertThat(broker.subscriptionCount()).isEqualTo(subscriptionsBefore);
        try (PahoClient client = PahoClient.connect(broker.port(), "watcher")) {
            client.subscribe("lights/status", 1);
            client.publish("lights/hall/set", "on", 1, false);
            assertThat(client.next().payload()).isEqualTo("previous");
            client.publish("lights/status", "sentinel", 1, false);
            assertThat(client.next().payload()).isEqualTo("sentinel");
        }
    }

    @Test
    void aRouteTheBrokerRefusesUnsubscribesTheRoutesBeforeIt() throws Exception {
        int subscriptionsBefore = broker.subscriptionCount();
        long workersBefore = workerThreads();

        assertThatThrownBy(() -> Fountain.builder().useBroker(broker)
                .routeTables(brokenSecondRoute("a/b/c/d")).start())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("deep: the broker refuses the subscription to 'a/b/c/d'")
                .hasMessageContaining("max_topic_levels");

        await().atMost(Duration.ofSeconds(10)).until(() -> workerThreads() == workersBefore);
        assertOnlyThePreviousVersionAnswers(subscriptionsBefore);
    }

    @Test
    void aRouteThatCannotBeBoundSubscribesNothing() throws Exception {
        int subscriptionsBefore = broker.subscriptionCount();
        long workersBefore = workerThreads();

        assertThatThrownBy(() -> Fountain.builder().useBroker(broker)
                .routeTables(brokenSecondRoute("rooms/${missing.room}")).start())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("deep: no value for the placeholder ${missing.room}");

        assertThat(workerThreads()).isEqualTo(workersBefore);
        assertOnlyThePreviousVersionAnswers(subscriptionsBefore);
    }
}
