package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.config.Listener;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.RawClient;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscriber that stops reading must cost the broker a bounded amount of memory and nobody else
 * any service: its messages queue up to max_queued_messages and are then dropped, and the log says
 * so.
 */
class SlowSubscriberTest {

    @TempDir
    Path dir;

    @Test
    void aStalledSubscriberGetsItsMessagesDroppedAndOthersAreServed() throws Exception {
        Path logFile = dir.resolve("broker.log");
        try (Broker broker = Broker.builder()
                .configure(config -> config.listener(Listener.mqtt(0, "127.0.0.1")).allowAnonymous(true)
                        .maxQueuedMessages(100).logDestination(LogDestination.file(logFile)))
                .logToConfiguredDestinations()
                .build().start();
             RawClient stalled = RawClient.connect(broker.port(), "stalled");
             PahoClient healthy = PahoClient.connect(broker.port(), "healthy");
             PahoClient publisher = PahoClient.connect(broker.port(), "publisher")) {
            stalled.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "flood").build());
            stalled.receive();
            healthy.subscribe("flood", 1);
            // never read again: 3,000 messages of 4 KiB are 12 MiB the broker must not hold
            String payload = "x".repeat(4096);
            for (int i = 0; i < 3000; i++) {
                publisher.publish("flood", payload, 0, false);
                if (i % 50 == 49) {
                    // paced by the healthy subscriber, so only the stalled one falls behind
                    healthy.awaitCount(i + 1);
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(logFile)
                    .contains("Outgoing messages are being dropped for client stalled."));
            publisher.publish("flood", "still served", 1, false);
            await().until(() -> healthy.all().get(healthy.all().size() - 1).payload().equals("still served"));
        }
        assertThat(Files.readString(logFile)).contains("Fountain broker version");
    }
}
