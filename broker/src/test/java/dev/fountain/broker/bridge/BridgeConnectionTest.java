package dev.fountain.broker.bridge;

import static dev.fountain.broker.bridge.BridgeFixture.REMOTE_ID;
import static dev.fountain.broker.bridge.BridgeFixture.STATE_TOPIC;
import static dev.fountain.broker.bridge.BridgeFixture.awaitState;
import static dev.fountain.broker.bridge.BridgeFixture.fountain;
import static dev.fountain.broker.bridge.BridgeFixture.log;
import static dev.fountain.broker.bridge.BridgeFixture.read;
import static dev.fountain.broker.bridge.BridgeFixture.watchState;
import static dev.fountain.broker.bridge.ScriptedRemote.CONNECT;
import static dev.fountain.broker.bridge.ScriptedRemote.PINGREQ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.testing.MosquittoBroker;
import dev.fountain.broker.testing.PahoClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bridge's connection on the wire, against a remote broker the test scripts: the protocol level
 * try_private sets, keep-alive, and going back to the main address.
 */
class BridgeConnectionTest {

    @TempDir
    Path dir;

    /** The CONNECT's variable header: the protocol name ("MQTT", or "MQIsdp" for 3.1), the level, the flags. */
    private static int level(ScriptedRemote.Packet connect) {
        return connect.body()[afterName(connect)] & 0xFF;
    }

    private static int flags(ScriptedRemote.Packet connect) {
        return connect.body()[afterName(connect) + 1] & 0xFF;
    }

    private static int afterName(ScriptedRemote.Packet connect) {
        return 2 + ((connect.body()[0] & 0xFF) << 8 | connect.body()[1] & 0xFF);
    }

    @ParameterizedTest(name = "{0}, try_private {1}: level 0x{2}")
    @CsvSource({"mqttv311, true, 84", "mqttv311, false, 04", "mqttv31, true, 83", "mqttv50, true, 05"})
    void tryPrivateSetsTheHighBitOfTheProtocolLevelOnMqtt3Only(String version, boolean tryPrivate, String level)
            throws Exception {
        try (ScriptedRemote remote = new ScriptedRemote(true);
             Broker broker = fountain(dir, "connection cloud", "address 127.0.0.1:" + remote.port(),
                     "remote_clientid edge", "bridge_protocol_version " + version, "try_private " + tryPrivate,
                     "topic a/# in 0")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> remote.count(CONNECT) > 0);

            ScriptedRemote.Packet connect = remote.packets().get(0);
            assertThat(level(connect)).isEqualTo(Integer.parseInt(level, 16));
            // Clean session off (cleansession false), and the notification as a retained will at QoS 1.
            assertThat(flags(connect)).isEqualTo(0x04 | 0x08 | 0x20);
        }
    }

    @Test
    void aRemoteBrokerThatRefusesTheBridgeLevelGetsThePlainOneNextAsFromMosquitto() throws Exception {
        try (ScriptedRemote remote = new ScriptedRemote(true, true);
             Broker broker = fountain(dir, "connection cloud", "address 127.0.0.1:" + remote.port(),
                     "remote_clientid " + REMOTE_ID, "restart_timeout 1", "topic a/# in 0");
             PahoClient state = watchState(broker.port(), "state")) {
            awaitState(state, "1");

            assertThat(remote.packets()).filteredOn(p -> p.type() == CONNECT).extracting(BridgeConnectionTest::level)
                    .containsExactly(0x84, 0x04);
            assertThat(read(log(dir))).contains("Connection Refused: unacceptable protocol version",
                    "Bridge cloud: the remote broker refused the bridge protocol level (try_private); connecting as an "
                            + "ordinary client from now on.");
        }
    }

    @Test
    void aPingreqLeftUnansweredForTheKeepAliveIntervalEndsTheConnectionAndTheBridgeConnectsAgain() throws Exception {
        try (ScriptedRemote remote = new ScriptedRemote(false);
             Broker broker = fountain(dir, "connection cloud", "address 127.0.0.1:" + remote.port(),
                     "remote_clientid " + REMOTE_ID, "keepalive_interval 5", "restart_timeout 1", "notifications false",
                     "topic a/# in 0")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> remote.count(CONNECT) >= 2);

            assertThat(remote.packets()).filteredOn(p -> p.connection() == 1).extracting(ScriptedRemote.Packet::type)
                    .contains(PINGREQ);
            assertThat(read(log(dir))).contains("Client local." + REMOTE_ID + " has exceeded timeout, disconnecting.");
        }
    }

    /**
     * With round_robin false the first address is the main one: while on another, the bridge
     * checks every 5 seconds whether the main one takes connections again, and moves back.
     */
    @Test
    @Tag("interop")
    void withRoundRobinFalseTheBridgeGoesBackToItsMainAddressWhenThatReturns() throws Exception {
        try (MosquittoBroker main = MosquittoBroker.start(); MosquittoBroker secondary = MosquittoBroker.start()) {
            main.stop();
            try (Broker broker = fountain(dir, "connection cloud",
                    "addresses 127.0.0.1:" + main.port() + " 127.0.0.1:" + secondary.port(), "round_robin false",
                    "remote_clientid " + REMOTE_ID, "restart_timeout 1", "topic a/# out 1");
                 PahoClient state = watchState(broker.port(), "state")) {
                awaitState(state, "1");

                main.run();
                try (PahoClient onMain = PahoClient.connect(main.port(), "on-main").subscribe(STATE_TOPIC, 1)) {
                    awaitState(onMain, "1");
                }
                assertThat(read(log(dir))).contains("Bridge cloud: its main address 127.0.0.1:" + main.port()
                        + " takes connections again; reconnecting there.");
            }
        }
    }
}
