package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import dev.fountain.app.RunningApp;
import dev.fountain.broker.Broker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances of one application in a group split a stream between them (fountain.group). */
class SharedWorkTest {

    static final int MESSAGES = 10_000;

    private Broker broker;
    private final List<RunningApp> apps = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        // The whole stream may wait in one session while its handler catches up; a broker drops what
        // exceeds max_queued_messages (Mosquitto's default, and ours, is 1000).
        broker = Broker.builder().port(0).configure(config -> config.maxQueuedMessages(MESSAGES)).build().start();
    }

    @AfterEach
    void stop() {
        apps.forEach(RunningApp::close);
        broker.close();
    }

    /** One instance's routing: counts what it handled into {@code handled}. */
    static RouteTable worker(AtomicInteger handled, AtomicIntegerArray seen) {
        return () -> List.of(Route.subscribe(SharedWorkTest.class, "job", "jobs/+", 1, null, (handler, message) -> {
            seen.incrementAndGet(message.payloadInt());
            handled.incrementAndGet();
            return null;
        }));
    }

    @Test
    void twoInstancesInAGroupSplitTenThousandQos1Messages() throws Exception {
        AtomicIntegerArray seen = new AtomicIntegerArray(MESSAGES);
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        Map<String, String> grouped = Map.of("fountain.group", "workers");
        apps.add(ClientApps.start(broker.port(), "worker-a", worker(first, seen), grouped));
        apps.add(ClientApps.start(broker.port(), "worker-b", worker(second, seen), grouped));

        publishSequence(broker.port(), MESSAGES);
        await().atMost(Duration.ofSeconds(60)).until(() -> first.get() + second.get() >= MESSAGES);

        for (int i = 0; i < MESSAGES; i++) {
            assertThat(seen.get(i)).as("times message %d was handled", i).isEqualTo(1);
        }
        double share = first.get() / (double) MESSAGES;
        System.out.printf("shared subscription split: %d / %d (%.1f %%)%n", first.get(), second.get(), share * 100);
        assertThat(share).isBetween(0.4, 0.6);
    }

    /** Publishes 0..count-1 at QoS 1 over 16 topics and waits for every PUBACK. */
    static void publishSequence(int port, int count) {
        Mqtt5AsyncClient publisher = MqttClient.builder().useMqttVersion5().identifier("sequence-publisher")
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        publisher.connect().join();
        try {
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                acks.add(publisher.publishWith().topic("jobs/" + (i % 16)).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).send());
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the broker did not acknowledge the sequence", e);
        } finally {
            publisher.disconnect();
        }
    }

}
