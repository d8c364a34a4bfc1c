package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.RawClient;
import dev.fountain.broker.testing.TestBrokers;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PersistentSessionTest {

    private Broker broker;

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private static MqttConnectOptions persistent() {
        MqttConnectOptions options = PahoClient.options();
        options.setCleanSession(false);
        return options;
    }

    private RawClient rawConnect(String clientId, boolean clean, boolean expectPresent) throws Exception {
        RawClient client = RawClient.open(broker.port());
        client.send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(clean)
                .protocolVersion(MqttVersion.MQTT_3_1_1).keepAlive(0).build());
        MqttConnAckMessage connack = (MqttConnAckMessage) client.receive();
        assertThat(connack.variableHeader().connectReturnCode().byteValue()).isZero();
        assertThat(connack.variableHeader().isSessionPresent()).isEqualTo(expectPresent);
        return client;
    }

    @Test
    void subscriptionsAndQueuedMessagesSurviveAReconnect() throws Exception {
        broker = TestBrokers.start();
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "garden-display", persistent())) {
            subscriber.subscribe("home/garden/#", 1);
            subscriber.disconnect();
        }
        try (PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            publisher.publish("home/garden/fountain/2", "q1 while away", 1, false);
            publisher.publish("home/garden/fountain/2", "q0 while away", 0, false);
            publisher.publish("home/garden/fountain/2", "q2 while away", 2, false);
        }
        // [MQTT-3.1.2-4], [MQTT-3.1.2-5]: QoS 1 and 2 are kept for the session, QoS 0 is not
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "garden-display", persistent())) {
            assertThat(subscriber.next().payload()).isEqualTo("q1 while away");
            assertThat(subscriber.next().payload()).isEqualTo("q2 while away");
            subscriber.expectNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    void sessionPresentTellsWhetherTheSessionWasKept() throws Exception {
        broker = TestBrokers.start();
        // [MQTT-3.2.2-2], [MQTT-3.2.2-3]
        rawConnect("device", false, false).close();
        await().until(() -> broker.sessionCount() == 1);
        rawConnect("device", false, true).close();
        // [MQTT-3.2.2-1] CleanSession 1 discards the session and reports none
        rawConnect("device", true, false).close();
        await().until(() -> broker.sessionCount() == 0);
        rawConnect("device", false, false).close();
    }

    @Test
    void cleanSessionDiscardsSubscriptions() throws Exception {
        broker = TestBrokers.start();
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "device", persistent())) {
            subscriber.subscribe("x", 1);
            subscriber.disconnect();
        }
        try (PahoClient clean = PahoClient.connect(broker.port(), "device")) {
            clean.disconnect();
        }
        await().until(() -> broker.subscriptionCount() == 0);
    }

    @Test
    void unacknowledgedMessagesAreResentWithDupAfterReconnect() throws Exception {
        broker = TestBrokers.start();
        try (RawClient device = rawConnect("device", false, false)) {
            device.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "cmd/#").build());
            assertThat(device.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK);
            try (PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
                publisher.publish("cmd/pump", "on", 1, false);
            }
            MqttPublishMessage first = (MqttPublishMessage) device.receive();
            assertThat(first.fixedHeader().isDup()).isFalse();
            device.kill();
        }
        try (RawClient device = rawConnect("device", false, true)) {
            // [MQTT-4.4.0-1]
            MqttPublishMessage again = (MqttPublishMessage) device.receive();
            assertThat(again.fixedHeader().isDup()).isTrue();
            assertThat(again.payload().toString(StandardCharsets.UTF_8)).isEqualTo("on");
            device.send(MqttMessageBuilders.pubAck().packetId(again.variableHeader().packetId()).build());
            // PINGRESP comes after the PUBACK was handled: the next connection, on any event loop,
            // must not take the session over before that.
            device.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE,
                    false, 0)));
            assertThat(device.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
        }
        try (RawClient device = rawConnect("device", false, true)) {
            assertThat(device.silentFor(Duration.ofMillis(300))).as("nothing left to resend").isTrue();
        }
    }

    @Test
    void pubrelIsResentForAQos2MessageTheClientAlreadyReceived() throws Exception {
        broker = TestBrokers.start();
        int packetId;
        try (RawClient device = rawConnect("device", false, false)) {
            device.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.EXACTLY_ONCE, "cmd/#").build());
            device.receive();
            try (PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
                publisher.publish("cmd/pump", "on", 2, false);
            }
            packetId = ((MqttPublishMessage) device.receive()).variableHeader().packetId();
            device.send(RawClient.ack(MqttMessageType.PUBREC, packetId));
            MqttMessage pubrel = device.receive();
            assertThat(pubrel.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREL);
            device.kill();
        }
        try (RawClient device = rawConnect("device", false, true)) {
            MqttMessage pubrel = device.receive();
            assertThat(pubrel.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREL);
            assertThat(((io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader) pubrel.variableHeader())
                    .messageId()).isEqualTo(packetId);
        }
    }

    @Test
    void atMostMaxInflightMessagesAreUnacknowledgedAtOnce() throws Exception {
        broker = TestBrokers.start(config -> config.maxInflightMessages(5));
        try (RawClient device = rawConnect("device", true, false);
             PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            device.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "burst").build());
            device.receive();
            for (int i = 0; i < 8; i++) {
                publisher.publish("burst", "m" + i, 1, false);
            }
            List<MqttPublishMessage> firstWindow = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                firstWindow.add((MqttPublishMessage) device.receive());
            }
            assertThat(device.silentFor(Duration.ofMillis(300))).isTrue();
            device.send(MqttMessageBuilders.pubAck().packetId(firstWindow.get(0).variableHeader().packetId()).build());
            MqttPublishMessage sixth = (MqttPublishMessage) device.receive();
            assertThat(sixth.payload().toString(StandardCharsets.UTF_8)).isEqualTo("m5");
        }
    }

    @Test
    void messagesBeyondMaxQueuedAreDroppedForAnOfflineClient() throws Exception {
        broker = TestBrokers.start(config -> config.maxQueuedMessages(3));
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "slow", persistent())) {
            subscriber.subscribe("q", 1);
            subscriber.disconnect();
        }
        try (PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            for (int i = 0; i < 10; i++) {
                publisher.publish("q", "m" + i, 1, false);
            }
        }
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "slow", persistent())) {
            subscriber.awaitCount(3);
            subscriber.expectNothingFor(Duration.ofMillis(300));
            assertThat(subscriber.all()).extracting(PahoClient.Received::payload).containsExactly("m0", "m1", "m2");
        }
    }

    @Test
    void aPersistentSessionExpiresAfterPersistentClientExpiration() throws Exception {
        broker = TestBrokers.start(config -> config.persistentClientExpiration(Duration.ofSeconds(1)));
        try (PahoClient away = PahoClient.connect(broker.port(), "away", persistent());
             PahoClient staying = PahoClient.connect(broker.port(), "staying", persistent())) {
            away.subscribe("x", 1);
            staying.subscribe("x", 1);
            away.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.sessionCount() == 1);
            assertThat(broker.subscriptionCount()).isEqualTo(1);
            assertThat(staying.isConnected()).isTrue();
        }
    }
}
