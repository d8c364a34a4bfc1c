package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.fountain.app.RunningApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Mosquitto restarted in the middle of a QoS 1 stream: its persistence keeps the application's
 * sessions and what was queued for them, the application reconnects and resubscribes, and every
 * message is handled at least once.
 */
@Tag("interop")
class MosquittoRestartTest {

    static final int MESSAGES = 5_000;

    @Test
    void aBrokerRestartedMidStreamLosesNoQos1Message() throws Exception {
        AtomicIntegerArray seen = new AtomicIntegerArray(MESSAGES);
        AtomicInteger handled = new AtomicInteger();
        try (Mosquitto mosquitto = Mosquitto.start()) {
            RunningApp app = ClientApps.start(mosquitto.port(), "restart-worker", SharedWorkTest.worker(handled, seen),
                    Map.of());
            Mqtt5AsyncClient publisher = MqttClient.builder().useMqttVersion5().identifier("restart-publisher")
                    .serverHost("127.0.0.1").serverPort(mosquitto.port()).automaticReconnectWithDefaultConfig()
                    .buildAsync();
            publisher.connectWith().cleanStart(false).sessionExpiryInterval(600).send().join();
            try {
                List<CompletableFuture<?>> acks = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    if (i == MESSAGES / 2) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() > MESSAGES / 4);
                        mosquitto.restart();
                    }
                    acks.add(publisher.publishWith().topic("jobs/" + (i % 16)).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).send());
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(60)).until(() -> allSeen(seen));
            } finally {
                publisher.disconnect();
                app.close();
            }
        }
        int lost = 0;
        for (int i = 0; i < MESSAGES; i++) {
            lost += seen.get(i) == 0 ? 1 : 0;
        }
        System.out.printf("broker restart mid-stream: %d messages, %d handled, %d lost, %d duplicates%n", MESSAGES,
                handled.get(), lost, handled.get() - (MESSAGES - lost));
        assertThat(lost).isZero();
    }

    private static boolean allSeen(AtomicIntegerArray seen) {
        for (int i = 0; i < seen.length(); i++) {
            if (seen.get(i) == 0) {
                return false;
            }
        }
        return true;
    }
}
