package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.RawClient;
import dev.fountain.broker.testing.TestBrokers;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-side rules of MQTT 3.1.1 about connections, each test naming the statement it checks. */
class ConnectionRulesTest {

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBrokers.start(config -> config.maxKeepalive(600).maxPacketSize(4096));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private int connackCode(MqttMessage connect) throws Exception {
        try (RawClient client = RawClient.open(broker.port())) {
            client.send(connect);
            MqttConnAckMessage connack = (MqttConnAckMessage) client.receive();
            int code = connack.variableHeader().connectReturnCode().byteValue();
            if (code != 0) {
                assertThat(client.closedByBroker()).as("closed after refusal [MQTT-3.2.2-5]").isTrue();
            }
            return code;
        }
    }

    @Test
    void aConnectionWhoseFirstPacketIsNotConnectIsClosed() throws Exception {
        try (RawClient client = RawClient.open(broker.port())) {
            client.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_MOST_ONCE, "a").build());
            // [MQTT-3.1.0-1]
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void aSecondConnectIsAProtocolViolation() throws Exception {
        try (RawClient client = RawClient.connect(broker.port(), "twice")) {
            client.send(MqttMessageBuilders.connect().clientId("twice").protocolVersion(MqttVersion.MQTT_3_1_1).build());
            // [MQTT-3.1.0-2]
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void anUnknownProtocolLevelGetsReturnCode1() throws Exception {
        try (RawClient client = RawClient.open(broker.port())) {
            // CONNECT, protocol name "MQTT", level 9
            client.sendBytes(new byte[] {0x10, 0x0d, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x09, 0x02, 0x00, 0x3c,
                0x00, 0x01, 'x'});
            MqttConnAckMessage connack = (MqttConnAckMessage) client.receive();
            // [MQTT-3.1.2-2]
            assertThat(connack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 1);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void anEmptyClientIdWithoutCleanSessionGetsReturnCode2() throws Exception {
        // [MQTT-3.1.3-8]
        assertThat(connackCode(MqttMessageBuilders.connect().clientId("").cleanSession(false)
                .protocolVersion(MqttVersion.MQTT_3_1_1).build())).isEqualTo(2);
    }

    @Test
    void anEmptyClientIdWithCleanSessionIsAssignedOne() throws Exception {
        // [MQTT-3.1.3-6], [MQTT-3.1.3-7]
        assertThat(connackCode(MqttMessageBuilders.connect().clientId("").cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_3_1_1).build())).isZero();
    }

    @Test
    void mqtt31ClientIdsLongerThan23CharactersGetReturnCode2() throws Exception {
        try (RawClient client = RawClient.open(broker.port())) {
            client.sendBytes(mqtt31Connect("a".repeat(24)));
            assertThat(((MqttConnAckMessage) client.receive()).variableHeader().connectReturnCode().byteValue())
                    .isEqualTo((byte) 2);
            assertThat(client.closedByBroker()).isTrue();
        }
        try (RawClient client = RawClient.open(broker.port())) {
            client.sendBytes(mqtt31Connect("a".repeat(23)));
            assertThat(((MqttConnAckMessage) client.receive()).variableHeader().connectReturnCode().byteValue())
                    .isZero();
        }
    }

    /** A CONNECT of protocol level 3, "MQIsdp", hand-made because Netty's encoder enforces 23 characters. */
    private static byte[] mqtt31Connect(String clientId) {
        byte[] name = {0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x03, 0x02, 0x00, 0x3c};
        byte[] id = clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] packet = new byte[2 + name.length + 2 + id.length];
        packet[0] = 0x10;
        packet[1] = (byte) (name.length + 2 + id.length);
        System.arraycopy(name, 0, packet, 2, name.length);
        packet[2 + name.length] = 0;
        packet[3 + name.length] = (byte) id.length;
        System.arraycopy(id, 0, packet, 4 + name.length, id.length);
        return packet;
    }

    @Test
    void mqtt311AcceptsLongClientIds() throws Exception {
        assertThat(connackCode(MqttMessageBuilders.connect().clientId("a".repeat(200))
                .protocolVersion(MqttVersion.MQTT_3_1_1).build())).isZero();
    }

    @Test
    void aKeepAliveAboveMaxKeepaliveGetsReturnCode2() throws Exception {
        assertThat(connackCode(MqttMessageBuilders.connect().clientId("k").keepAlive(601)
                .protocolVersion(MqttVersion.MQTT_3_1_1).build())).isEqualTo(2);
    }

    @Test
    void aPasswordWithoutUserNameIsAProtocolViolation() throws Exception {
        try (RawClient client = RawClient.open(broker.port())) {
            // CONNECT 3.1.1, flags: password (0x40) + clean session, no user name
            client.sendBytes(new byte[] {0x10, 0x12, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x42, 0x00, 0x3c,
                0x00, 0x01, 'x', 0x00, 0x03, 'p', 'w', 'd'});
            // [MQTT-3.1.2-22]
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void aSecondConnectionWithTheSameClientIdClosesTheFirst() throws Exception {
        try (PahoClient first = PahoClient.connect(broker.port(), "device-7");
             PahoClient second = PahoClient.connect(broker.port(), "device-7")) {
            // [MQTT-3.1.4-2]
            org.awaitility.Awaitility.await().until(() -> !first.isConnected());
            assertThat(second.isConnected()).isTrue();
            second.subscribe("still/works", 0);
            second.publish("still/works", "yes", 0, false);
            assertThat(second.next().payload()).isEqualTo("yes");
        }
    }

    @Test
    void pingreqIsAnsweredWithPingresp() throws Exception {
        try (RawClient client = RawClient.connect(broker.port(), "pinger")) {
            client.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE,
                    false, 0)));
            // [MQTT-3.12.4-1]
            assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
        }
    }

    private static RawClient connectWithKeepAlive(int port, String clientId, int seconds) throws Exception {
        RawClient client = RawClient.open(port);
        client.send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_3_1_1).keepAlive(seconds).build());
        assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
        return client;
    }

    @Test
    void aSilentClientIsClosedAfterOneAndAHalfKeepAlivesAndAPingingOneStays() throws Exception {
        // Keep Alive 1 s: silence is allowed for 1.5 s [MQTT-3.1.2-24]
        try (RawClient silent = connectWithKeepAlive(broker.port(), "silent", 1)) {
            assertThat(silent.silentFor(Duration.ofMillis(1300))).isTrue();
            assertThat(silent.closedByBroker()).isTrue();
        }
        try (RawClient pinger = connectWithKeepAlive(broker.port(), "pinger", 1)) {
            for (int i = 0; i < 4; i++) {
                Thread.sleep(900);
                pinger.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false,
                        MqttQoS.AT_MOST_ONCE, false, 0)));
                assertThat(pinger.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
            }
            assertThat(pinger.silentFor(Duration.ofMillis(1200))).isTrue();
        }
    }

    @Test
    void aConnectionThatNeverSendsConnectStaysOpenOnlyUntilTheConnectTimeout() throws Exception {
        try (RawClient idle = RawClient.open(broker.port())) {
            assertThat(idle.silentFor(Duration.ofMillis(500))).isTrue();
        }
    }

    @Test
    void aMalformedPacketClosesOnlyItsOwnConnection() throws Exception {
        try (PahoClient bystander = PahoClient.connect(broker.port(), "bystander");
             RawClient broken = RawClient.connect(broker.port(), "broken")) {
            bystander.subscribe("still/up", 1);
            // PUBLISH QoS 3 is malformed [MQTT-3.3.1-4]
            broken.sendBytes(new byte[] {0x36, 0x05, 0x00, 0x01, 'a', 0x00, 0x01});
            assertThat(broken.closedByBroker()).isTrue();
            bystander.publish("still/up", "yes", 1, false);
            assertThat(bystander.next().payload()).isEqualTo("yes");
        }
    }

    @Test
    void aPublishToAWildcardTopicClosesTheConnection() throws Exception {
        try (RawClient client = RawClient.connect(broker.port(), "wild")) {
            // PUBLISH QoS 0 to "a/#" [MQTT-3.3.2-2]
            client.sendBytes(new byte[] {0x30, 0x06, 0x00, 0x03, 'a', '/', '#', 'x'});
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void aPacketLargerThanMaxPacketSizeClosesTheConnection() throws Exception {
        try (RawClient client = RawClient.connect(broker.port(), "big")) {
            client.publish("big", "x".repeat(5000), 0, 0, false);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void eachFilterOfASubscribeGetsItsOwnReturnCode() throws Exception {
        try (RawClient client = RawClient.connect(broker.port(), "subs")) {
            client.send(MqttMessageBuilders.subscribe().messageId(7)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "good/+")
                    .addSubscription(MqttQoS.EXACTLY_ONCE, "bad/#/filter")
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "also/good").build());
            MqttSubAckMessage suback = (MqttSubAckMessage) client.receive();
            // [MQTT-3.8.4-1], [MQTT-3.8.4-5], [MQTT-3.9.3-1]
            assertThat(suback.variableHeader().messageId()).isEqualTo(7);
            assertThat(suback.payload().grantedQoSLevels()).containsExactly(1, 0x80, 0);
        }
    }

    @Test
    void aQos2RetryWithDupIsDeliveredExactlyOnce() throws Exception {
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "sub");
             RawClient publisher = RawClient.connect(broker.port(), "pub")) {
            subscriber.subscribe("exactly/once", 2);
            publisher.publish("exactly/once", "only once", 2, 42, false);
            assertThat(publisher.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREC);
            // the PUBREC was "lost": the publisher retries with DUP before PUBREL [MQTT-4.3.3-2]
            publisher.publish("exactly/once", "only once", 2, 42, true);
            assertThat(publisher.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREC);
            publisher.send(RawClient.ack(MqttMessageType.PUBREL, 42));
            assertThat(publisher.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBCOMP);
            assertThat(subscriber.next().payload()).isEqualTo("only once");
            subscriber.expectNothingFor(Duration.ofMillis(500));
            // after PUBREL the identifier is free for a new message
            publisher.publish("exactly/once", "next", 2, 42, false);
            assertThat(subscriber.next().payload()).isEqualTo("next");
        }
    }
}
