package dev.fountain.broker.bridge;

import static dev.fountain.broker.bridge.BridgeFixture.REMOTE_ID;
import static dev.fountain.broker.bridge.BridgeFixture.awaitState;
import static dev.fountain.broker.bridge.BridgeFixture.awaitTopic;
import static dev.fountain.broker.bridge.BridgeFixture.fountain;
import static dev.fountain.broker.bridge.BridgeFixture.topics;
import static dev.fountain.broker.bridge.BridgeFixture.watchState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.TestBrokers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Fountain broker bridged to another with Mosquitto's defaults: the remote Fountain knows the
 * bridge by its protocol level (try_private) on MQTT 3.1.1, and by No Local on MQTT 5, so a
 * {@code both} topic carries each message once and echoes none, either way.
 */
class FountainToFountainBridgeTest {

    private static final int COUNT = 50;

    @TempDir
    Path dir;

    private static List<String> numbered(String prefix) {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            topics.add(prefix + i);
        }
        topics.add(prefix + "end");
        return topics;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqttv311", "mqttv50"})
    void bothWaysEachMessageCrossesOnceAndNoneEchoes(String version) throws Exception {
        try (Broker remoteBroker = TestBrokers.start();
             Broker broker = fountain(dir, "connection cloud", "address 127.0.0.1:" + remoteBroker.port(),
                     "remote_clientid " + REMOTE_ID, "bridge_protocol_version " + version, "topic chat/# both 2");
             PahoClient state = watchState(broker.port(), "state");
             PahoClient local = PahoClient.connect(broker.port(), "local").subscribe("chat/#", 2);
             PahoClient remote = PahoClient.connect(remoteBroker.port(), "remote").subscribe("chat/#", 2)) {
            awaitState(state, "1");

            for (int i = 0; i < COUNT; i++) {
                local.publish("chat/from-local/" + i, "m" + i, 2, false);
            }
            local.publish("chat/from-local/end", "end", 2, false);
            awaitTopic(remote, "chat/from-local/end");
            for (int i = 0; i < COUNT; i++) {
                remote.publish("chat/from-remote/" + i, "m" + i, 2, false);
            }
            remote.publish("chat/from-remote/end", "end", 2, false);
            awaitTopic(local, "chat/from-remote/end");
            local.publish("chat/last", "last", 2, false);
            awaitTopic(remote, "chat/last");

            assertThat(topics(remote, "chat/from-local/"))
                    .containsExactlyInAnyOrderElementsOf(numbered("chat/from-local/"));
            assertThat(topics(local, "chat/from-local/"))
                    .containsExactlyInAnyOrderElementsOf(numbered("chat/from-local/"));
            assertThat(topics(local, "chat/from-remote/"))
                    .containsExactlyInAnyOrderElementsOf(numbered("chat/from-remote/"));
            assertThat(topics(remote, "chat/from-remote/"))
                    .containsExactlyInAnyOrderElementsOf(numbered("chat/from-remote/"));
        }
    }

    @Test
    void aBridgesMessagesAreCountedAsAClientsAre() throws Exception {
        try (Broker remoteBroker = TestBrokers.start();
             Broker broker = fountain(dir, "connection cloud", "address 127.0.0.1:" + remoteBroker.port(),
                     "remote_clientid " + REMOTE_ID, "topic meter/# both 1");
             PahoClient state = watchState(broker.port(), "state");
             PahoClient local = PahoClient.connect(broker.port(), "local").subscribe("meter/in/#", 1);
             PahoClient remote = PahoClient.connect(remoteBroker.port(), "remote").subscribe("meter/out/#", 1)) {
            awaitState(state, "1");
            BrokerStats stats = broker.stats();
            long received = stats.value(Meter.RECEIVED_QOS1);
            long sent = stats.value(Meter.SENT_QOS1);
            long packetsReceived = stats.value(Meter.PACKETS_RECEIVED);
            long bytesSent = stats.value(Meter.BYTES_SENT);

            for (int i = 0; i < COUNT; i++) {
                local.publish("meter/out/" + i, "m" + i, 1, false);
            }
            awaitTopic(remote, "meter/out/" + (COUNT - 1));
            remote.publish("meter/in/0", "in", 1, false);
            awaitTopic(local, "meter/in/0");

            // COUNT from the local client and one from the remote broker; COUNT to the remote broker
            // and one to the local client.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(stats.value(Meter.RECEIVED_QOS1) - received).isEqualTo(COUNT + 1);
                assertThat(stats.value(Meter.SENT_QOS1) - sent).isEqualTo(COUNT + 1);
            });
            // Each message reached the broker once as a client's PUBLISH and left once as the
            // bridge's: the bridge's bytes and packets are counted too.
            assertThat(stats.value(Meter.PACKETS_RECEIVED) - packetsReceived).isGreaterThanOrEqualTo(2L * COUNT + 1);
            assertThat(stats.value(Meter.BYTES_SENT) - bytesSent).isGreaterThan(COUNT * "meter/out/0".length());
        }
    }
}
