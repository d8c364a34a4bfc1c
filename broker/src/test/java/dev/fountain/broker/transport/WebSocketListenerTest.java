package dev.fountain.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT over WebSocket ({@code protocol websockets}) with real sockets: Paho's WebSocket transport
 * for a round trip with TCP clients, and the JDK's WebSocket client to cut packets into frames
 * as a test needs ([MQTT-6.0.0-1], [MQTT-6.0.0-2]).
 */
class WebSocketListenerTest {

    @TempDir
    Path dir;

    private Broker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private void start(Consumer<BrokerConfig.Builder> settings) throws Exception {
        broker = Broker.builder()
                .configure(config -> {
                    config.listener(Listener.mqtt(0, "127.0.0.1")).listener(Listener.websockets(0, "127.0.0.1"))
                            .allowAnonymous(true).logTypes(LogType.all()).logDestination(LogDestination.file(log()));
                    settings.accept(config);
                })
                .logToConfiguredDestinations()
                .threads(2)
                .build()
                .start();
    }

    private Path log() {
        return dir.resolve("broker.log");
    }

    private int tcpPort() {
        return broker.addresses().get(0).getPort();
    }

    private int webSocketPort() {
        return broker.addresses().get(1).getPort();
    }

    private static MqttMessage connect(String clientId) {
        return MqttMessageBuilders.connect().clientId(clientId).cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_3_1_1).keepAlive(0).build();
    }

    private static MqttMessage pingreq() {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    private static void assertAccepted(MqttMessage connack) {
        assertThat(connack).isInstanceOf(MqttConnAckMessage.class);
        assertThat(((MqttConnAckMessage) connack).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @Test
    void aPahoClientOverWebSocketExchangesMessagesWithTcpClients() throws Exception {
        start(config -> { });
        try (PahoOver browser = PahoOver.connect("ws://127.0.0.1:" + webSocketPort() + "/mqtt", "browser", null);
             PahoOver device = PahoOver.connect("tcp://127.0.0.1:" + tcpPort(), "device", null)) {
            browser.subscribe("home/garden/+/2", 1);
            device.subscribe("home/commands", 2);
            device.publish("home/garden/fountain/2", "hello browser", 1);
            browser.publish("home/commands", "pump on", 2);

            assertThat(browser.next()).isEqualTo("home/garden/fountain/2 hello browser");
            assertThat(device.next()).isEqualTo("home/commands pump on");
        }
        assertThat(Files.readString(log()))
                .contains("Opening websockets listen socket on port " + webSocketPort() + ".")
                .contains("New client connected from 127.0.0.1:").contains(" as browser (p2, c1, k60).");
    }

    @Test
    void aPacketSplitOverTwoFramesArrivesWhole() throws Exception {
        start(config -> { });
        byte[] connect = WebSocketClient.encode(connect("split"));
        try (WebSocketClient client = WebSocketClient.open(webSocketPort(), "/mqtt", "mqtt")) {
            client.sendBinary(Arrays.copyOfRange(connect, 0, 5), true);
            client.sendBinary(Arrays.copyOfRange(connect, 5, connect.length), true);

            assertAccepted(client.receive());
        }
    }

    @Test
    void aPacketInAMessageOfSeveralFragmentsArrivesWhole() throws Exception {
        start(config -> { });
        byte[] connect = WebSocketClient.encode(connect("fragments"));
        try (WebSocketClient client = WebSocketClient.open(webSocketPort(), "/mqtt", "mqtt")) {
            // A binary frame without FIN, then continuation frames.
            client.sendBinary(Arrays.copyOfRange(connect, 0, 3), false);
            client.sendBinary(Arrays.copyOfRange(connect, 3, 9), false);
            client.sendBinary(Arrays.copyOfRange(connect, 9, connect.length), true);

            assertAccepted(client.receive());
        }
    }

    @Test
    void severalPacketsInOneFrameAreAllAnsweredInOneFrame() throws Exception {
        start(config -> { });
        try (WebSocketClient client = WebSocketClient.open(webSocketPort(), "/mqtt", "mqtt")) {
            client.sendBinary(WebSocketClient.encode(connect("batch")), true);
            assertAccepted(client.receive());

            client.sendBinary(WebSocketClient.encode(
                    MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "a/b").build(),
                    pingreq(), pingreq()), true);

            assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK);
            assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
            assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
            assertThat(client.messagesReceived()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqtt", "mqttv3.1"})
    void mosquittosSubprotocolsAreAccepted(String subprotocol) throws Exception {
        start(config -> { });
        try (WebSocketClient client = WebSocketClient.open(webSocketPort(), "/mqtt", subprotocol)) {
            assertThat(client.subprotocol()).isEqualTo(subprotocol);
            client.sendBinary(WebSocketClient.encode(connect("sub-" + subprotocol)), true);
            assertAccepted(client.receive());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/mqtt", "/ws/anything"})
    void anyPathUpgradesAndAClientThatAsksForNoSubprotocolIsServed(String path) throws Exception {
        start(config -> { });
        try (WebSocketClient client = WebSocketClient.open(webSocketPort(), path)) {
            assertThat(client.subprotocol()).isEmpty();
            client.sendBinary(WebSocketClient.encode(connect("no-subprotocol")), true);
            assertAccepted(client.receive());
        }
    }

    @Test
    void aTextFrameClosesTheConnectionWithStatus1003() throws Exception {
        start(config -> { });
        try (WebSocketClient client = WebSocketClient.open(webSocketPort(), "/mqtt", "mqtt")) {
            client.sendBinary(WebSocketClient.encode(connect("texter")), true);
            assertAccepted(client.receive());

            client.sendText("{\"hello\": \"broker\"}");

            assertThat(client.awaitCloseCode()).isEqualTo(1003);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log())
                .contains("Client texter disconnected: CorruptedWebSocketFrameException: it sent a WebSocket text "
                        + "frame; MQTT travels in binary frames"));
    }

    @Test
    void aFrameLargerThanTheLargestPacketClosesTheConnectionWithStatus1009() throws Exception {
        start(config -> config.maxPacketSize(1024));
        try (WebSocketClient client = WebSocketClient.open(webSocketPort(), "/mqtt", "mqtt")) {
            client.sendBinary(new byte[1025], true);

            assertThat(client.awaitCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void halfAPacketAndThenADroppedConnectionLeaveTheBrokerServing() throws Exception {
        start(config -> { });
        byte[] connect = WebSocketClient.encode(connect("half"));
        try (WebSocketClient client = WebSocketClient.open(webSocketPort(), "/mqtt", "mqtt")) {
            client.sendBinary(Arrays.copyOfRange(connect, 0, connect.length / 2), true);
            client.abort();
        }
        // What the half packet left in the decoder is freed with its connection; the class's leak
        // check fails otherwise.
        try (WebSocketClient client = WebSocketClient.open(webSocketPort(), "/mqtt", "mqtt")) {
            client.sendBinary(connect, true);
            assertAccepted(client.receive());
        }
    }

    @Test
    void anUpgradeWithoutItsKeyIsAnswered400AndClosed() throws Exception {
        start(config -> { });

        RawHttp.Response response = RawHttp.send(webSocketPort(), "GET /mqtt HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n");

        assertThat(response.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(response.closed()).isTrue();
    }

    @Test
    void aPlainHttpRequestIsAnswered404WithoutHttpDirAndIsNoMqttConnection() throws Exception {
        start(config -> { });

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webSocketPort() + "/index.html")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        try (WebSocketClient client = WebSocketClient.open(webSocketPort(), "/mqtt", "mqtt")) {
            client.sendBinary(WebSocketClient.encode(connect("after-http")), true);
            assertAccepted(client.receive());
        }
        // Only the WebSocket connection was one for MQTT.
        assertThat(Files.readString(log()).split("New connection from", -1)).hasSize(2);
    }
}
