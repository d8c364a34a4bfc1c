package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Bridge;
import dev.fountain.broker.config.Bridge.ProtocolVersion;
import dev.fountain.broker.config.Bridge.RestartTimeout;
import dev.fountain.broker.config.BridgeTopic;
import dev.fountain.broker.config.BridgeTopic.Direction;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.testing.PahoClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's bridge with {@code bridge_protocol_version mqttv50} to HiveMQ CE, configured in code
 * through the broker's public API as an embedding application would. Here rather than in the broker
 * module because HiveMQ CE runs from this module's tests ({@link HiveMqCe}). Over MQTT 5 the
 * bridge's subscription on HiveMQ has No Local, so a {@code both} topic does not echo, and MQTT 5
 * properties cross with the message.
 */
class HiveMqCeBridgeTest {

    /**
     * HiveMQ takes no messages on '$' topics, so not Mosquitto's default notification topic,
     * {@code $SYS/broker/connection/<remote client id>/state}.
     */
    private static final String STATE = "bridges/fountain/state";
    private static final int COUNT = 100;

    private static HiveMqCe hivemq;

    @BeforeAll
    static void startHiveMq() throws Exception {
        hivemq = HiveMqCe.start();
    }

    @AfterAll
    static void stopHiveMq() throws Exception {
        hivemq.close();
    }

    private static Broker bridgedBroker(String clientId, BridgeTopic... topics) throws Exception {
        return bridgedBroker(bridge(clientId, topics).notificationTopic(STATE), BrokerLog.toSlf4j(LogType.defaults()));
    }

    private static Bridge.Builder bridge(String clientId, BridgeTopic... topics) {
        Bridge.Builder bridge = Bridge.builder("hive").address("127.0.0.1", hivemq.port())
                .protocolVersion(ProtocolVersion.MQTT_5).remoteClientId(clientId)
                .restartTimeout(RestartTimeout.constant(1));
        for (BridgeTopic topic : topics) {
            bridge.topic(topic);
        }
        return bridge;
    }

    private static Broker bridgedBroker(Bridge.Builder bridge, BrokerLog log) throws Exception {
        return Broker.builder()
                .configure(config -> config.listener(Listener.mqtt(0, "127.0.0.1")).allowAnonymous(true)
                        .bridge(bridge.build()))
                .log(log)
                .threads(2)
                .build()
                .start();
    }

    private static void awaitConnected(PahoClient state) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<PahoClient.Received> all = state.all();
            return !all.isEmpty() && all.get(all.size() - 1).payload().equals("1");
        });
    }

    private static void awaitTopic(PahoClient client, String topic) {
        await("a message on " + topic).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(5))
                .until(() -> client.all().stream().anyMatch(m -> m.topic().equals(topic)));
    }

    private static List<String> topics(PahoClient client, String prefix) {
        return client.all().stream().map(PahoClient.Received::topic).filter(t -> t.startsWith(prefix)).toList();
    }

    private static List<String> numbered(String prefix) {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            topics.add(prefix + i);
        }
        topics.add(prefix + "end");
        return topics;
    }

    @Test
    void bothWaysOverMqtt5EveryMessageCrossesOnceAndNoneEchoes() throws Exception {
        try (Broker broker = bridgedBroker("fountain-bridge", new BridgeTopic("chat/#", Direction.BOTH, 1, null,
                null));
             PahoClient state = PahoClient.connect(broker.port(), "state").subscribe(STATE, 1);
             PahoClient local = PahoClient.connect(broker.port(), "local").subscribe("chat/#", 1);
             PahoClient remote = PahoClient.connect(hivemq.port(), "remote").subscribe("chat/#", 1)) {
            awaitConnected(state);

            for (int i = 0; i < COUNT; i++) {
                local.publish("chat/from-local/" + i, "m" + i, 1, false);
            }
            local.publish("chat/from-local/end", "end", 1, false);
            awaitTopic(remote, "chat/from-local/end");
            for (int i = 0; i < COUNT; i++) {
                remote.publish("chat/from-remote/" + i, "m" + i, 1, false);
            }
            remote.publish("chat/from-remote/end", "end", 1, false);
            awaitTopic(local, "chat/from-remote/end");
            local.publish("chat/last", "last", 1, false);
            awaitTopic(remote, "chat/last");

            assertThat(topics(remote, "chat/from-local/"))
                    .containsExactlyInAnyOrderElementsOf(numbered("chat/from-local/"));
            assertThat(topics(local, "chat/from-remote/"))
                    .containsExactlyInAnyOrderElementsOf(numbered("chat/from-remote/"));
            assertThat(topics(local, "chat/from-local/"))
                    .containsExactlyInAnyOrderElementsOf(numbered("chat/from-local/"));
            assertThat(topics(remote, "chat/from-remote/"))
                    .containsExactlyInAnyOrderElementsOf(numbered("chat/from-remote/"));
        }
    }

    @Test
    void withMosquittosDefaultNotificationTopicHiveMqEndsTheConnectionAndTheLogSaysWhatToChange(@TempDir Path dir)
            throws Exception {
        Path logFile = dir.resolve("fountain.log");
        BrokerLog log = BrokerLog.open(LogType.defaults(), List.of(LogDestination.file(logFile)), false, null);
        try (Broker broker = bridgedBroker(bridge("fountain-bridge-3", BridgeTopic.out("x/#")), log)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(logFile)
                    && Files.readString(logFile).contains("Bridge hive was disconnected by 127.0.0.1:" + hivemq.port()
                            + ": Protocol Error. If that broker takes no messages on $ topics, set notification_topic "
                            + "to another topic, or notifications_local_only true."));
        }
    }

    @Test
    void mqtt5PropertiesCrossWithTheMessageAndTopicsAreRemapped() throws Exception {
        List<Mqtt5Publish> received = new CopyOnWriteArrayList<>();
        Mqtt5AsyncClient remote = MqttClient.builder().useMqttVersion5().identifier("remote-v5")
                .serverHost("127.0.0.1").serverPort(hivemq.port()).buildAsync();
        try (Broker broker = bridgedBroker("fountain-bridge-2", new BridgeTopic("#", Direction.OUT, 1, "garden/",
                "site/7/"));
             PahoClient state = PahoClient.connect(broker.port(), "state").subscribe(STATE, 1)) {
            awaitConnected(state);
            remote.connect().join();
            remote.subscribeWith().topicFilter("site/7/#").qos(MqttQos.AT_LEAST_ONCE).callback(received::add).send()
                    .join();
            Mqtt5AsyncClient local = MqttClient.builder().useMqttVersion5().identifier("local-v5")
                    .serverHost("127.0.0.1").serverPort(broker.port()).buildAsync();
            local.connect().join();
            local.publishWith().topic("garden/soil").qos(MqttQos.AT_LEAST_ONCE).contentType("text/plain")
                    .userProperties().add("sensor", "bed-3").applyUserProperties()
                    .payload("dry".getBytes(StandardCharsets.UTF_8)).send().join();

            await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
            Mqtt5Publish message = received.get(0);
            assertThat(message.getTopic().toString()).isEqualTo("site/7/soil");
            assertThat(message.getContentType()).hasValueSatisfying(type -> assertThat(type.toString())
                    .isEqualTo("text/plain"));
            assertThat(message.getUserProperties().asList()).singleElement().satisfies(property -> {
                assertThat(property.getName().toString()).isEqualTo("sensor");
                assertThat(property.getValue().toString()).isEqualTo("bed-3");
            });
            local.disconnect().join();
        } finally {
            remote.disconnect();
        }
    }
}
