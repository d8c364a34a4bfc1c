package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.config.Listener;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.RawClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Another broker's bridge connecting in, as Mosquitto's bridges do by default ({@code try_private
 * true}): the top bit of the protocol level says "bridge", and a bridge gets what Mosquitto gives
 * one, its own messages never sent back and the RETAIN flag as published.
 */
class IncomingBridgeTest {

    @TempDir
    Path dir;

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = Broker.builder()
                .configure(config -> config.listener(Listener.mqtt(0, "127.0.0.1")).allowAnonymous(true)
                        .logTypes(LogType.all()).logDestination(LogDestination.file(log())))
                .logToConfiguredDestinations()
                .threads(2)
                .build()
                .start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private Path log() {
        return dir.resolve("broker.log");
    }

    private void awaitLog(String text) {
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log()).contains(text));
    }

    /** A CONNECT of {@code version} with the bridge bit set on its protocol level, as Mosquitto sends it. */
    private static byte[] bridgeConnect(MqttVersion version, String clientId) {
        return connect(version, clientId, version.protocolLevel() | 0x80);
    }

    /** A CONNECT of {@code version}'s protocol name with {@code level} in place of its level. */
    private static byte[] connect(MqttVersion version, String clientId, int level) {
        byte[] connect = encode(MqttMessageBuilders.connect().clientId(clientId).cleanSession(false)
                .protocolVersion(version).keepAlive(60).build());
        // one byte of Remaining Length, the name's two length bytes, the name, then the level
        connect[2 + 2 + version.protocolName().length()] = (byte) level;
        return connect;
    }

    private static byte[] encode(MqttMessage message) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(message);
        ByteBuf bytes = encoder.readOutbound();
        try {
            return ByteBufUtil.getBytes(bytes);
        } finally {
            bytes.release();
            encoder.finishAndReleaseAll();
        }
    }

    private RawClient connectBridge(MqttVersion version, String clientId) throws Exception {
        RawClient bridge = RawClient.open(broker.port());
        bridge.sendBytes(bridgeConnect(version, clientId));
        MqttConnAckMessage connack = (MqttConnAckMessage) bridge.receive();
        assertThat(connack.variableHeader().connectReturnCode().byteValue()).isZero();
        return bridge;
    }

    private static void subscribe(RawClient client, String... filters) throws Exception {
        MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(1);
        for (String filter : filters) {
            subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, filter);
        }
        assertThat(client.receiveAfter(subscribe.build()).fixedHeader().messageType())
                .isEqualTo(MqttMessageType.SUBACK);
    }

    private static MqttPublishMessage publish(String topic, String payload, boolean retain) {
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).messageId(7)
                .retained(retain).payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
    }

    /** The next PUBLISH, acknowledged; a PUBACK for the client's own publish on the way is skipped. */
    private static MqttPublishMessage nextPublish(RawClient client) throws Exception {
        while (true) {
            MqttMessage message = client.receive();
            if (message instanceof MqttPublishMessage publish) {
                client.send(RawClient.ack(MqttMessageType.PUBACK, publish.variableHeader().packetId()));
                return publish;
            }
            assertThat(message.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        }
    }

    private static String payload(MqttPublishMessage publish) {
        return publish.payload().toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({"MQTT_3_1_1, p2", "MQTT_3_1, p1"})
    void aConnectWithTheBridgeBitIsAcceptedAndLoggedAsABridge(MqttVersion version, String protocol) throws Exception {
        try (RawClient bridge = connectBridge(version, "edge.to-fountain")) {
            awaitLog("New bridge connected from 127.0.0.1:");
            awaitLog(" as edge.to-fountain (" + protocol + ", c0, k60).");
        }
    }

    @Test
    void aBridgeDoesNotGetItsOwnPublishesBackOnOverlappingSubscriptions() throws Exception {
        try (RawClient bridge = connectBridge(MqttVersion.MQTT_3_1_1, "edge.to-fountain");
             PahoClient local = PahoClient.connect(broker.port(), "local").subscribe("#", 1)) {
            subscribe(bridge, "#", "sensors/+");
            bridge.send(publish("sensors/1", "from the edge", false));
            assertThat(local.next().payload()).isEqualTo("from the edge");

            local.publish("sensors/2", "sentinel", 1, false);
            // An echo, or a second copy, would have come before the sentinel: each session's
            // deliveries keep the order they were routed in.
            assertThat(payload(nextPublish(bridge))).isEqualTo("sentinel");
            assertThat(local.next().payload()).isEqualTo("sentinel");
        }
    }

    @Test
    void aBridgeGetsTheRetainFlagAsPublishedWhileAnOrdinarySubscriberDoesNot() throws Exception {
        try (RawClient bridge = connectBridge(MqttVersion.MQTT_3_1_1, "edge.to-fountain");
             RawClient ordinary = RawClient.connect(broker.port(), "ordinary")) {
            subscribe(bridge, "#");
            subscribe(ordinary, "#");
            try (PahoClient publisher = PahoClient.connect(broker.port(), "publisher")) {
                publisher.publish("config/mode", "eco", 1, true);
            }
            MqttPublishMessage toBridge = nextPublish(bridge);
            assertThat(payload(toBridge)).isEqualTo("eco");
            assertThat(toBridge.fixedHeader().isRetain()).as("kept for the bridge").isTrue();
            MqttPublishMessage toOrdinary = nextPublish(ordinary);
            assertThat(payload(toOrdinary)).isEqualTo("eco");
            // [MQTT-3.3.1-9]: an established 3.1.1 subscription gets RETAIN 0
            assertThat(toOrdinary.fixedHeader().isRetain()).as("cleared for an ordinary client").isFalse();
        }
    }

    @Test
    void anOrdinaryClientStillGetsItsOwnMessages() throws Exception {
        try (RawClient ordinary = RawClient.connect(broker.port(), "ordinary")) {
            subscribe(ordinary, "#", "sensors/+");
            ordinary.send(publish("sensors/1", "mine", true));
            MqttPublishMessage own = nextPublish(ordinary);
            assertThat(payload(own)).isEqualTo("mine");
            assertThat(own.fixedHeader().isRetain()).isFalse();
            awaitLog("New client connected from 127.0.0.1:");
            assertThat(Files.readString(log())).doesNotContain("New bridge connected");
        }
    }

    @ParameterizedTest
    @CsvSource({"MQTT_3_1_1, 0x85", "MQTT_3_1_1, 0x82", "MQTT_3_1_1, 0x83", "MQTT_3_1, 0x84"})
    void theBridgeBitOnAnyOtherLevelIsRefusedWithUnacceptableProtocolVersion(MqttVersion name, String level)
            throws Exception {
        try (RawClient client = RawClient.open(broker.port())) {
            client.sendBytes(connect(name, "x", Integer.decode(level)));
            MqttConnAckMessage connack = (MqttConnAckMessage) client.receive();
            // [MQTT-3.1.2-2]
            assertThat(connack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 1);
            assertThat(client.closedByBroker()).isTrue();
        }
        awaitLog("refused (CONNACK rc 1, unacceptable protocol version)");
    }
}
