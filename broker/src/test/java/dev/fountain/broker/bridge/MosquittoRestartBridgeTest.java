package dev.fountain.broker.bridge;

import static dev.fountain.broker.bridge.BridgeFixture.REMOTE_ID;
import static dev.fountain.broker.bridge.BridgeFixture.STATE_TOPIC;
import static dev.fountain.broker.bridge.BridgeFixture.awaitState;
import static dev.fountain.broker.bridge.BridgeFixture.awaitTopic;
import static dev.fountain.broker.bridge.BridgeFixture.fountain;
import static dev.fountain.broker.bridge.BridgeFixture.topics;
import static dev.fountain.broker.bridge.BridgeFixture.watchState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.testing.MosquittoBroker;
import dev.fountain.broker.testing.PahoClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mosquitto stopped for 10 seconds while the local publisher goes on at QoS 1, and started again
 * without persistence, so it has forgotten the bridge's session. What was published meanwhile
 * waited in the bridge's local session and all of it arrives once the bridge is back.
 *
 * <p>To see what reaches Mosquitto after its restart without racing the bridge to subscribe there,
 * the bridge itself brings every message back: with try_private false Mosquitto treats it as an
 * ordinary client and sends it its own messages on {@code stream/#}, which come in under
 * {@code echoed/}. The bridge subscribes before it sends anything on a new connection, so each
 * message that reached Mosquitto comes back, and one that comes back shows the bridge resubscribed.
 */
@Tag("interop")
class MosquittoRestartBridgeTest {

    private static final int COUNT = 200;

    @TempDir
    Path dir;

    @Test
    void messagesPublishedWhileTheRemoteBrokerIsDownForTenSecondsAllArriveAfterItsRestart() throws Exception {
        try (MosquittoBroker mosquitto = MosquittoBroker.start();
             Broker broker = fountain(dir, "connection cloud", "address 127.0.0.1:" + mosquitto.port(),
                     "remote_clientid " + REMOTE_ID, "restart_timeout 1", "cleansession false", "try_private false",
                     "topic stream/# out 1", "topic stream/# in 1 echoed/ \"\"");
             PahoClient state = watchState(broker.port(), "state");
             PahoClient publisher = PahoClient.connect(broker.port(), "publisher");
             PahoClient echoes = PahoClient.connect(broker.port(), "echoes").subscribe("echoed/#", 1)) {
            awaitState(state, "1");
            publish(publisher, "before", 1);
            awaitTopic(echoes, "echoed/stream/before/" + (COUNT - 1));

            mosquitto.stop();
            awaitState(state, "0");
            publish(publisher, "during", 1);
            // QoS 0 is not kept for a bridge that is down, as Mosquitto does not keep it.
            publish(publisher, "during-qos0", 0);
            await("the bridge stays down while Mosquitto is").during(Duration.ofSeconds(10))
                    .atMost(Duration.ofSeconds(12)).until(() -> lastState(state).equals("0"));
            mosquitto.run();
            awaitState(state, "1");
            publish(publisher, "after", 1);
            awaitTopic(echoes, "echoed/stream/after/" + (COUNT - 1));

            assertThat(topics(echoes, "echoed/stream/before/")).containsExactlyInAnyOrderElementsOf(expected("before"));
            assertThat(topics(echoes, "echoed/stream/during/")).containsExactlyInAnyOrderElementsOf(expected("during"));
            assertThat(topics(echoes, "echoed/stream/after/")).containsExactlyInAnyOrderElementsOf(expected("after"));
            assertThat(topics(echoes, "echoed/stream/during-qos0/")).isEmpty();
        }
    }

    private static void publish(PahoClient publisher, String phase, int qos) throws Exception {
        for (int i = 0; i < COUNT; i++) {
            publisher.publish("stream/" + phase + "/" + i, phase + " " + i, qos, false);
        }
    }

    private static List<String> expected(String phase) {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            topics.add("echoed/stream/" + phase + "/" + i);
        }
        return topics;
    }

    private static String lastState(PahoClient watcher) {
        List<PahoClient.Received> all = watcher.all();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).topic().equals(STATE_TOPIC)) {
                return all.get(i).payload();
            }
        }
        return "";
    }
}
