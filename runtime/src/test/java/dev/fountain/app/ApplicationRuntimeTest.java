package dev.fountain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import dev.fountain.broker.testing.PahoClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The application runtime with routing tables shaped exactly like the processor's output, and real
 * MQTT clients on the other side.
 */
class ApplicationRuntimeTest {

    enum Mode { ON, OFF }

    record Reading(String sensor, double celsius) {
    }

    /** A service the handlers use, so tests can see what they did and replace it. */
    static class Garden {
        final List<String> events = new CopyOnWriteArrayList<>();

        void record(String event) {
            events.add(event);
        }
    }

    static final class Handlers {
        private final Garden garden;

        @Inject
        Handlers(Garden garden) {
            this.garden = garden;
        }

        void fountain(int number, Mode mode, boolean retained) {
            garden.record("fountain " + number + " " + mode + (retained ? " (retained)" : ""));
        }

        String temperature(String room, Reading reading) {
            garden.record(room + " " + reading.celsius());
            return reading.celsius() > 30 ? "too hot in " + room : null;
        }

        void everything(String topic, byte[] payload, int qos) {
            garden.record("all " + topic + " " + payload.length + " q" + qos);
        }
    }

    private static final Garden GARDEN = new Garden();

    private static RouteTable table() {
        return () -> List.of(
                Route.subscribe(Handlers.class, "fountain", "home/garden/fountain/+", 1, null,
                        (handler, message) -> {
                            ((Handlers) handler).fountain(message.wildcardInt(0), message.payloadEnum(Mode.class),
                                    message.retained());
                            return null;
                        }),
                Route.subscribe(Handlers.class, "temperature", "home/+/temperature", 1, null,
                        (handler, message) -> ((Handlers) handler).temperature(message.wildcard(0),
                                message.payloadJson(Reading.class)))
                        .publishing("home/alerts", 1, false));
    }

    private RunningApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        GARDEN.events.clear();
    }

    private RunningApp start(RouteTable... tables) {
        app = Fountain.builder().broker(broker -> broker.port(0)).routeTables(tables)
                .module(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Garden.class).toInstance(GARDEN);
                    }
                })
                .start();
        return app;
    }

    @Test
    void aMessageFromANetworkClientReachesItsHandlerWithTypedWildcardsAndPayload() throws Exception {
        start(table());
        try (PahoClient device = PahoClient.connect(app.port(), "device")) {
            device.publish("home/garden/fountain/2", "on", 1, false);
            await().until(() -> GARDEN.events.contains("fountain 2 ON"));
        }
    }

    @Test
    void aReturnValueIsPublishedToThePublishTopic() throws Exception {
        start(table());
        try (PahoClient device = PahoClient.connect(app.port(), "device")) {
            device.subscribe("home/alerts", 1);
            device.publish("home/kitchen/temperature", "{\"sensor\":\"k1\",\"celsius\":35.5}", 1, false);
            assertThat(device.next().payload()).isEqualTo("too hot in kitchen");
            device.publish("home/kitchen/temperature", "{\"sensor\":\"k1\",\"celsius\":20}", 1, false);
            await().until(() -> GARDEN.events.contains("kitchen 20.0"));
            device.expectNothingFor(Duration.ofMillis(200));
        }
    }

    @Test
    void aPayloadThatDoesNotConvertGoesToTheErrorHandlerAndTheNextMessageStillArrives() throws Exception {
        List<HandlerError> errors = new CopyOnWriteArrayList<>();
        app = Fountain.builder().broker(broker -> broker.port(0)).routeTables(table())
                .module(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Garden.class).toInstance(GARDEN);
                        bind(ErrorHandler.class).toInstance(errors::add);
                    }
                }).start();
        try (PahoClient device = PahoClient.connect(app.port(), "device")) {
            device.publish("home/garden/fountain/two", "on", 1, false);
            device.publish("home/garden/fountain/5", "sideways", 1, false);
            device.publish("home/garden/fountain/6", "on", 1, false);
            await().until(() -> GARDEN.events.contains("fountain 6 ON"));
            await().until(() -> errors.size() == 2);
        }
        assertThat(errors).extracting(HandlerError::handler).containsOnly("Handlers#fountain");
        // different topics run in parallel, so the two errors may come in either order
        HandlerError badLevel = errors.stream().filter(e -> e.topic().endsWith("two")).findFirst().orElseThrow();
        HandlerError badPayload = errors.stream().filter(e -> e.topic().endsWith("5")).findFirst().orElseThrow();
        assertThat(badLevel.cause()).isInstanceOf(ConversionException.class)
                .hasMessage("wildcard 0 'two' is not an int");
        assertThat(badPayload.cause()).isInstanceOf(ConversionException.class)
                .hasMessageStartingWith("payload 'sideways' is not one of [ON, OFF]");
        assertThat(new String(badPayload.payload())).isEqualTo("sideways");
    }

    @Test
    void aHandlerThatThrowsDoesNotStopTheDispatcher() throws Exception {
        List<HandlerError> errors = new CopyOnWriteArrayList<>();
        RouteTable throwing = () -> List.of(Route.subscribe(Handlers.class, "explode", "boom/+", 0, null,
                (handler, message) -> {
                    if (message.wildcard(0).equals("bad")) {
                        throw new IllegalStateException("pump jammed");
                    }
                    GARDEN.record("ok " + message.wildcard(0));
                    return null;
                }));
        app = Fountain.builder().broker(broker -> broker.port(0)).routeTables(throwing)
                .module(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Garden.class).toInstance(GARDEN);
                        bind(ErrorHandler.class).toInstance(errors::add);
                    }
                }).start();
        try (PahoClient device = PahoClient.connect(app.port(), "device")) {
            for (int i = 0; i < 20; i++) {
                device.publish("boom/bad", "x", 0, false);
            }
            device.publish("boom/good", "x", 0, false);
            await().until(() -> GARDEN.events.contains("ok good"));
            await().until(() -> errors.size() == 20);
        }
        assertThat(errors.get(0).cause()).hasMessage("pump jammed");
    }

    @Test
    void messagesFromOnePublisherOnOneTopicReachTheHandlerInOrder() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        RouteTable ordered = () -> List.of(Route.subscribe(Handlers.class, "count", "count/+", 1, null,
                (handler, message) -> {
                    seen.computeIfAbsent(message.topic(), t -> new CopyOnWriteArrayList<>()).add(message.payloadInt());
                    return null;
                }));
        start(ordered);
        int perTopic = 300;
        try (PahoClient device = PahoClient.connect(app.port(), "device")) {
            for (int i = 0; i < perTopic; i++) {
                for (String topic : List.of("count/a", "count/b", "count/c")) {
                    device.paho().publish(topic, Integer.toString(i).getBytes(), 1, false);
                }
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> seen.values().stream().mapToInt(List::size).sum() == 3 * perTopic);
        }
        List<Integer> expected = IntStream.range(0, perTopic).boxed().toList();
        assertThat(seen).hasSize(3).allSatisfy((topic, values) -> assertThat(values).isEqualTo(expected));
    }

    @Test
    void aSlowHandlerQueuesABoundedNumberOfMessagesAndOtherHandlersKeepGoing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> slowGot = new CopyOnWriteArrayList<>();
        RouteTable tables = () -> List.of(
                Route.subscribe(Handlers.class, "slow", "burst", 0, null, (handler, message) -> {
                    release.await(30, TimeUnit.SECONDS);
                    slowGot.add(message.payloadString());
                    return null;
                }),
                Route.subscribe(Handlers.class, "fast", "other", 0, null, (handler, message) -> {
                    GARDEN.record("fast " + message.payloadString());
                    return null;
                }));
        app = Fountain.builder().broker(broker -> broker.port(0).configure(config -> config.maxQueuedMessages(50)))
                .property("fountain.handler-queue", "10").routeTables(tables)
                .module(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Garden.class).toInstance(GARDEN);
                    }
                }).start();
        try (PahoClient device = PahoClient.connect(app.port(), "device")) {
            for (int i = 0; i < 2000; i++) {
                device.publish("burst", Integer.toString(i), 0, false);
            }
            device.publish("other", "still served", 1, false);
            await().until(() -> GARDEN.events.contains("fast still served"));
            release.countDown();
            // what the handler gets is what its queue (10) and its session's queue (50) held, give
            // or take the messages in flight between them: not the 2,000 sent
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> slowGot.size() >= 10 && slowGot.size() <= 80);
            assertThat(slowGot).startsWith("0", "1", "2");
        }
    }

    @Test
    void aSharedGroupOfTwoHandlersSplitsTheMessages() throws Exception {
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        RouteTable shared = () -> List.of(
                Route.subscribe(Handlers.class, "first", "jobs/+", 1, "workers", (handler, message) -> {
                    first.add(message.payloadString());
                    return null;
                }),
                Route.subscribe(Handlers.class, "second", "jobs/+", 1, "workers", (handler, message) -> {
                    second.add(message.payloadString());
                    return null;
                }));
        start(shared);
        try (PahoClient device = PahoClient.connect(app.port(), "device")) {
            for (int i = 0; i < 100; i++) {
                device.publish("jobs/" + i, Integer.toString(i), 1, false);
            }
            await().until(() -> first.size() + second.size() == 100);
        }
        assertThat(first).hasSize(50);
        assertThat(second).hasSize(50);
        assertThat(first).doesNotContainAnyElementsOf(second);
    }

    @Test
    void placeholdersInFiltersAreResolvedFromConfiguration() throws Exception {
        RouteTable placeholders = () -> List.of(Route.subscribe(Handlers.class, "site", "site/${garden.id}/+", 0,
                null, (handler, message) -> {
                    GARDEN.record("site " + message.wildcard(0));
                    return null;
                }));
        app = Fountain.builder().broker(broker -> broker.port(0)).property("garden.id", "g7")
                .routeTables(placeholders).module(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(Garden.class).toInstance(GARDEN);
                    }
                }).start();
        try (PahoClient device = PahoClient.connect(app.port(), "device")) {
            device.publish("site/g6/pump", "x", 0, false);
            device.publish("site/g7/pump", "x", 0, false);
            await().until(() -> GARDEN.events.contains("site pump"));
        }
        assertThat(GARDEN.events).containsExactly("site pump");
    }

    @Test
    void anUnresolvedPlaceholderStopsStartupNamingTheHandlerAndTheKey() {
        RouteTable placeholders = () -> List.of(Route.subscribe(Handlers.class, "site", "site/${garden.name}/+", 0,
                null, (handler, message) -> null));
        assertThatThrownBy(() -> Fountain.builder().broker(broker -> broker.port(0)).routeTables(placeholders)
                .start())
                .isInstanceOf(StartupException.class)
                .hasMessage("Handlers#site: no value for the placeholder ${garden.name} in the filter"
                        + " 'site/${garden.name}/+'; set garden.name in fountain.properties, as -Dgarden.name=...,"
                        + " or as the environment variable GARDEN_NAME");
    }

    @Test
    void aPlaceholderValueThatMakesTheFilterInvalidStopsStartup() {
        RouteTable placeholders = () -> List.of(Route.subscribe(Handlers.class, "site", "site/${garden.id}/+", 0,
                null, (handler, message) -> null));
        assertThatThrownBy(() -> Fountain.builder().broker(broker -> broker.port(0)).property("garden.id", "a#b")
                .routeTables(placeholders).start())
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("Handlers#site: the filter 'site/${garden.id}/+' resolves to 'site/a#b/+',"
                        + " which is invalid: '#' must be the whole last level");
    }

    @Test
    void theInjectablePublisherReachesNetworkSubscribers() throws Exception {
        start(table());
        try (PahoClient device = PahoClient.connect(app.port(), "device")) {
            device.subscribe("home/status", 1);
            app.injector().getInstance(Publisher.class).publish("home/status", new Reading("s", 1.5), 1, false);
            assertThat(device.next().payload()).isEqualTo("{\"sensor\":\"s\",\"celsius\":1.5}");
        }
    }
}
