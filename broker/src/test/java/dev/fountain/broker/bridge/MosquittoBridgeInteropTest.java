package dev.fountain.broker.bridge;

import static dev.fountain.broker.bridge.BridgeFixture.REMOTE_ID;
import static dev.fountain.broker.bridge.BridgeFixture.STATE_TOPIC;
import static dev.fountain.broker.bridge.BridgeFixture.awaitState;
import static dev.fountain.broker.bridge.BridgeFixture.awaitTopic;
import static dev.fountain.broker.bridge.BridgeFixture.fountain;
import static dev.fountain.broker.bridge.BridgeFixture.topics;
import static dev.fountain.broker.bridge.BridgeFixture.watchState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.Broker;
import dev.fountain.broker.testing.MosquittoBroker;
import dev.fountain.broker.testing.PahoClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fountain bridging out to Debian's Mosquitto 2.0.11 with the bridge keys a Mosquitto user writes:
 * every message crosses exactly once, in either direction, with its topic remapped as Mosquitto
 * remaps it, and none comes back. "None comes back" is checked with sentinels, not time windows: a
 * message that echoed would arrive before a sentinel sent after it along the same path. Sentinels
 * go at QoS 2 because Mosquitto routes an incoming QoS 2 message only at its PUBREL, a round trip
 * after the PUBLISH: a QoS 1 sentinel could overtake the last QoS 2 messages.
 */
@Tag("interop")
class MosquittoBridgeInteropTest {

    private static final int COUNT = 100;

    @TempDir
    Path dir;

    private static String[] bridge(int mosquittoPort, String... lines) {
        List<String> all = new ArrayList<>(List.of("connection cloud", "address 127.0.0.1:" + mosquittoPort,
                "remote_clientid " + REMOTE_ID, "restart_timeout 1"));
        all.addAll(List.of(lines));
        return all.toArray(new String[0]);
    }

    @Test
    void outgoingMessagesOfEveryQosCrossOnceWithTheirTopicsRemapped() throws Exception {
        try (MosquittoBroker mosquitto = MosquittoBroker.start();
             Broker broker = fountain(dir, bridge(mosquitto.port(),
                     "topic sensors/# out 2 local/ remote/",
                     "topic \"\" out 1 fountain/health cloud/health"));
             PahoClient state = watchState(broker.port(), "state");
             PahoClient remote = PahoClient.connect(mosquitto.port(), "remote").subscribe("#", 2);
             PahoClient local = PahoClient.connect(broker.port(), "publisher")) {
            awaitState(state, "1");

            for (int qos = 0; qos <= 2; qos++) {
                for (int i = 0; i < COUNT; i++) {
                    local.publish("local/sensors/q" + qos + "/" + i, "m" + i, qos, false);
                }
            }
            local.publish("fountain/health", "ok", 1, false);
            local.publish("local/sensors/end", "end", 2, false);
            awaitTopic(remote, "remote/sensors/end");

            List<String> expected = new ArrayList<>();
            for (int qos = 0; qos <= 2; qos++) {
                for (int i = 0; i < COUNT; i++) {
                    expected.add("remote/sensors/q" + qos + "/" + i);
                }
            }
            assertThat(topics(remote, "remote/sensors/q")).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(topics(remote, "cloud/health")).containsExactly("cloud/health");
            assertThat(remote.all()).filteredOn(m -> m.topic().startsWith("remote/sensors/q2"))
                    .allSatisfy(m -> assertThat(m.qos()).isEqualTo(2));
        }
    }

    @Test
    void incomingMessagesOfEveryQosCrossOnceWithTheirTopicsRemapped() throws Exception {
        try (MosquittoBroker mosquitto = MosquittoBroker.start();
             Broker broker = fountain(dir, bridge(mosquitto.port(), "topic cmd/# in 2 here/ there/"));
             PahoClient state = watchState(broker.port(), "state");
             PahoClient local = PahoClient.connect(broker.port(), "local").subscribe("#", 2);
             PahoClient remote = PahoClient.connect(mosquitto.port(), "publisher")) {
            awaitState(state, "1");

            for (int qos = 0; qos <= 2; qos++) {
                for (int i = 0; i < COUNT; i++) {
                    remote.publish("there/cmd/q" + qos + "/" + i, "m" + i, qos, false);
                }
            }
            remote.publish("there/cmd/end", "end", 2, false);
            awaitTopic(local, "here/cmd/end");

            List<String> expected = new ArrayList<>();
            for (int qos = 0; qos <= 2; qos++) {
                for (int i = 0; i < COUNT; i++) {
                    expected.add("here/cmd/q" + qos + "/" + i);
                }
            }
            assertThat(topics(local, "here/cmd/q")).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(topics(local, "there/")).isEmpty();
        }
    }

    /**
     * A {@code both} topic: what is published on either side reaches the other once, and nothing
     * comes back. Over MQTT 3.1.1 Mosquitto knows the bridge by its private protocol level
     * (try_private, on by default) and does not send its messages back; over MQTT 5 the bridge's
     * subscription there has No Local. Here the bridge's own subscription has No Local.
     */
    @ParameterizedTest(name = "{0} at QoS {1}")
    @CsvSource({"mqttv311, 0", "mqttv311, 1", "mqttv311, 2", "mqttv50, 0", "mqttv50, 1", "mqttv50, 2"})
    void bothWaysEveryMessageCrossesOnceAndNoneEchoes(String version, int qos) throws Exception {
        try (MosquittoBroker mosquitto = MosquittoBroker.start();
             Broker broker = fountain(dir, bridge(mosquitto.port(), "bridge_protocol_version " + version,
                     "topic chat/# both " + qos));
             PahoClient state = watchState(broker.port(), "state");
             PahoClient local = PahoClient.connect(broker.port(), "local").subscribe("chat/#", 2);
             PahoClient remote = PahoClient.connect(mosquitto.port(), "remote").subscribe("chat/#", 2)) {
            awaitState(state, "1");

            for (int i = 0; i < COUNT; i++) {
                local.publish("chat/from-local/" + i, "m" + i, qos, false);
            }
            local.publish("chat/from-local/end", "end", 2, false);
            awaitTopic(remote, "chat/from-local/end");
            for (int i = 0; i < COUNT; i++) {
                remote.publish("chat/from-remote/" + i, "m" + i, qos, false);
            }
            remote.publish("chat/from-remote/end", "end", 2, false);
            awaitTopic(local, "chat/from-remote/end");
            // An echo of the remote messages would reach the remote subscriber again before this.
            local.publish("chat/last", "last", 2, false);
            awaitTopic(remote, "chat/last");

            List<String> sent = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                sent.add("chat/from-local/" + i);
            }
            sent.add("chat/from-local/end");
            List<String> received = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                received.add("chat/from-remote/" + i);
            }
            received.add("chat/from-remote/end");
            assertThat(topics(remote, "chat/from-local/")).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(topics(local, "chat/from-remote/")).containsExactlyInAnyOrderElementsOf(received);
            // Each side sees its own messages once, directly: none came back over the bridge.
            assertThat(topics(local, "chat/from-local/")).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(topics(remote, "chat/from-remote/")).containsExactlyInAnyOrderElementsOf(received);
        }
    }

    /**
     * Retained messages keep their flag on the way out, and, as with Mosquitto's bridge, the local
     * retained messages of the outgoing topics are sent on every connection: a remote broker that
     * lost them (restarted without persistence) has them again.
     */
    @Test
    void retainedMessagesCrossRetainedAndAreSentAgainOnEveryConnection() throws Exception {
        try (MosquittoBroker mosquitto = MosquittoBroker.start();
             Broker broker = fountain(dir, bridge(mosquitto.port(), "topic status/# out 1"));
             PahoClient state = watchState(broker.port(), "state");
             PahoClient publisher = PahoClient.connect(broker.port(), "publisher");
             PahoClient witness = PahoClient.connect(mosquitto.port(), "witness").subscribe("status/end", 1)) {
            awaitState(state, "1");
            publisher.publish("status/door", "open", 1, true);
            publisher.publish("status/end", "end", 1, false);
            awaitTopic(witness, "status/end");
            assertRetainedThere(mosquitto);

            mosquitto.stop();
            awaitState(state, "0");
            mosquitto.run();
            awaitState(state, "1");
            assertRetainedThere(mosquitto);
        }
    }

    private static void assertRetainedThere(MosquittoBroker mosquitto) throws Exception {
        try (PahoClient late = PahoClient.connect(mosquitto.port(), "late")) {
            late.subscribe("status/door", 1);
            PahoClient.Received door = late.next();
            assertThat(door.payload()).isEqualTo("open");
            assertThat(door.retained()).isTrue();
        }
    }

    @Test
    void theRemoteBrokerHoldsTheStateOneWhileConnectedAndZeroFromTheWillWhenTheBridgeGoes() throws Exception {
        try (MosquittoBroker mosquitto = MosquittoBroker.start();
             PahoClient remoteState = PahoClient.connect(mosquitto.port(), "remote-state").subscribe(STATE_TOPIC, 1)) {
            try (Broker broker = fountain(dir, bridge(mosquitto.port(), "topic x/# out 0"))) {
                awaitState(remoteState, "1");
            }
            awaitState(remoteState, "0");
        }
    }

    @Test
    void withSeveralAddressesTheBridgeFailsOverToTheNextOne() throws Exception {
        int nobody = MosquittoBroker.freePort();
        try (MosquittoBroker mosquitto = MosquittoBroker.start();
             Broker broker = fountain(dir, "connection cloud",
                     "addresses 127.0.0.1:" + nobody + " 127.0.0.1:" + mosquitto.port(),
                     "remote_clientid " + REMOTE_ID, "restart_timeout 1", "topic fail/# out 1");
             PahoClient state = watchState(broker.port(), "state")) {
            awaitState(state, "1");

            assertThat(BridgeFixture.read(BridgeFixture.log(dir)))
                    .contains("Connecting bridge cloud (127.0.0.1:" + nobody + ")")
                    .contains("Error creating bridge: Connection refused.")
                    .contains("Connecting bridge cloud (127.0.0.1:" + mosquitto.port() + ")");
        }
    }
}
