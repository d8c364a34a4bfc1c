package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.config.Listener;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.testing.RawClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Another broker's bridge connecting in, as Mosquitto's bridges do by default ({@code try_private
 * true}): the top bit of the protocol level says "bridge".
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

    @ParameterizedTest
    @CsvSource({"MQTT_3_1_1, p2", "MQTT_3_1, p1"})
    void aConnectWithTheBridgeBitIsAcceptedAndLoggedAsABridge(MqttVersion version, String protocol) throws Exception {
        try (RawClient bridge = connectBridge(version, "edge.to-fountain")) {
            awaitLog("New bridge connected from 127.0.0.1:");
            awaitLog(" as edge.to-fountain (" + protocol + ", c0, k60).");
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
