package dev.fountain.broker.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.Broker;
import dev.fountain.broker.security.EnhancedAuthenticator;
import dev.fountain.broker.testing.RawClient;
import dev.fountain.broker.testing.TestBrokers;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 on the wire: what exactly the broker sends, for features no client library exposes. */
class Mqtt5WireTest {

    private Broker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static MqttProperties properties(Object... typesAndValues) {
        MqttProperties properties = new MqttProperties();
        for (int i = 0; i < typesAndValues.length; i += 2) {
            MqttPropertyType type = (MqttPropertyType) typesAndValues[i];
            Object value = typesAndValues[i + 1];
            properties.add(value instanceof String text ? new MqttProperties.StringProperty(type.value(), text)
                    : new MqttProperties.IntegerProperty(type.value(), (Integer) value));
        }
        return properties;
    }

    private static MqttPublishMessage publish(String topic, String payload, int qos, int packetId, MqttProperties properties) {
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).messageId(packetId)
                .properties(properties).payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
    }

    private static void subscribe(RawClient client, String filter, int subscriptionId) throws Exception {
        MqttProperties properties = subscriptionId == 0 ? MqttProperties.NO_PROPERTIES
                : properties(MqttPropertyType.SUBSCRIPTION_IDENTIFIER, subscriptionId);
        client.send(MqttMessageBuilders.subscribe().messageId(1).properties(properties)
                .addSubscription(filter, MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_LEAST_ONCE)).build());
        assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK);
    }

    private static int disconnectReason(RawClient client) throws Exception {
        MqttMessage packet = client.receive();
        assertThat(packet.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        return ((MqttReasonCodeAndPropertiesVariableHeader) packet.variableHeader()).reasonCode() & 0xFF;
    }

    @Test
    void everyMatchingSubscriptionsIdentifierIsSentWithTheMessage() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.connectV5(broker.port(), "ids", MqttProperties.NO_PROPERTIES)) {
            subscribe(client, "home/+/light", 7);
            subscribe(client, "home/#", 11);
            client.send(publish("home/hall/light", "on", 0, 0, MqttProperties.NO_PROPERTIES));
            MqttPublishMessage received = (MqttPublishMessage) client.receive();
            // [MQTT-3.3.4-3], [MQTT-3.3.4-4]
            assertThat(received.variableHeader().properties()
                    .getProperties(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value()))
                    .extracting(p -> (Integer) p.value()).containsExactlyInAnyOrder(7, 11);
        }
    }

    @Test
    void anIncomingTopicAliasStandsForItsTopicOnLaterMessages() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.connectV5(broker.port(), "alias", MqttProperties.NO_PROPERTIES)) {
            subscribe(client, "long/topic/name", 0);
            client.send(publish("long/topic/name", "first", 0, 0, properties(MqttPropertyType.TOPIC_ALIAS, 3)));
            client.send(publish("", "second", 0, 0, properties(MqttPropertyType.TOPIC_ALIAS, 3)));
            // [MQTT-3.3.2-12]
            assertThat(((MqttPublishMessage) client.receive()).variableHeader().topicName()).isEqualTo("long/topic/name");
            assertThat(((MqttPublishMessage) client.receive()).variableHeader().topicName()).isEqualTo("long/topic/name");
        }
    }

    @Test
    void anAliasAboveTheTopicAliasMaximumEndsTheConnectionWith0x94() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.connectV5(broker.port(), "alias", MqttProperties.NO_PROPERTIES)) {
            client.send(publish("t", "x", 0, 0, properties(MqttPropertyType.TOPIC_ALIAS, 1000)));
            // [MQTT-3.3.2-9]
            assertThat(disconnectReason(client)).isEqualTo(0x94);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void outgoingTopicAliasesAreUsedWhenTheClientAllowsThem() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.connectV5(broker.port(), "alias",
                properties(MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 5))) {
            subscribe(client, "sensors/#", 0);
            client.send(publish("sensors/garden/moisture", "1", 0, 0, MqttProperties.NO_PROPERTIES));
            client.send(publish("sensors/garden/moisture", "2", 0, 0, MqttProperties.NO_PROPERTIES));
            MqttPublishMessage first = (MqttPublishMessage) client.receive();
            MqttPublishMessage second = (MqttPublishMessage) client.receive();
            Object alias = first.variableHeader().properties().getProperty(MqttPropertyType.TOPIC_ALIAS.value()).value();
            assertThat(first.variableHeader().topicName()).isEqualTo("sensors/garden/moisture");
            assertThat(second.variableHeader().topicName()).isEmpty();
            assertThat(second.variableHeader().properties().getProperty(MqttPropertyType.TOPIC_ALIAS.value()).value())
                    .isEqualTo(alias);
        }
    }

    @Test
    void aMessageLargerThanTheClientsMaximumPacketSizeIsNotSent() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.connectV5(broker.port(), "small",
                properties(MqttPropertyType.MAXIMUM_PACKET_SIZE, 100))) {
            subscribe(client, "data", 0);
            client.send(publish("data", "x".repeat(200), 0, 0, MqttProperties.NO_PROPERTIES));
            client.send(publish("data", "fits", 0, 0, MqttProperties.NO_PROPERTIES));
            // [MQTT-3.1.2-25]: discarded without sending; the connection carries on
            MqttPublishMessage received = (MqttPublishMessage) client.receive();
            assertThat(received.payload().toString(StandardCharsets.UTF_8)).isEqualTo("fits");
        }
    }

    @Test
    void noMoreThanTheClientsReceiveMaximumIsInFlight() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.connectV5(broker.port(), "slow",
                properties(MqttPropertyType.RECEIVE_MAXIMUM, 2))) {
            subscribe(client, "work", 0);
            for (int i = 1; i <= 4; i++) {
                client.send(publish("work", "m" + i, 1, i, MqttProperties.NO_PROPERTIES));
            }
            int publishes = 0;
            for (int i = 0; i < 6; i++) {
                MqttMessage packet = client.receive();
                if (packet.fixedHeader().messageType() == MqttMessageType.PUBLISH) {
                    publishes++;
                }
                if (publishes == 2 && i >= 5) {
                    break;
                }
            }
            // [MQTT-3.3.4-9]: two PUBLISH, then nothing until a PUBACK
            assertThat(publishes).isEqualTo(2);
            assertThat(client.silentFor(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    void aProtocolErrorIsExplainedInADisconnectWith0x82() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.connectV5(broker.port(), "twice", MqttProperties.NO_PROPERTIES)) {
            client.send(MqttMessageBuilders.connect().clientId("twice").protocolVersion(MqttVersion.MQTT_5).build());
            assertThat(disconnectReason(client)).isEqualTo(0x82);
        }
    }

    @Test
    void anExpiredKeepAliveIsExplainedInADisconnectWith0x8D() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.openV5(broker.port())) {
            client.send(MqttMessageBuilders.connect().clientId("quiet").protocolVersion(MqttVersion.MQTT_5)
                    .keepAlive(1).build());
            assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
            assertThat(disconnectReason(client)).isEqualTo(0x8D);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWith0x86() throws Exception {
        java.nio.file.Path passwords = java.nio.file.Files.createTempFile("passwd", "");
        java.nio.file.Files.write(passwords, List.of(dev.fountain.broker.testing.PasswordLines.pbkdf2("u", "p")));
        broker = TestBrokers.start(config -> config.allowAnonymous(false).passwordFile(passwords));
        try (RawClient client = RawClient.openV5(broker.port())) {
            client.send(MqttMessageBuilders.connect().clientId("c").protocolVersion(MqttVersion.MQTT_5)
                    .hasUser(true).username("u").hasPassword(true).password("bad".getBytes()).build());
            MqttConnAckMessage connack = (MqttConnAckMessage) client.receive();
            assertThat(connack.variableHeader().connectReturnCode().byteValue() & 0xFF).isEqualTo(0x86);
        } finally {
            java.nio.file.Files.delete(passwords);
        }
    }

    @Test
    void anUnknownAuthenticationMethodIsRefusedWith0x8C() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.openV5(broker.port())) {
            client.send(MqttMessageBuilders.connect().clientId("c").protocolVersion(MqttVersion.MQTT_5)
                    .properties(properties(MqttPropertyType.AUTHENTICATION_METHOD, "KERBEROS")).build());
            MqttConnAckMessage connack = (MqttConnAckMessage) client.receive();
            // [MQTT-4.12.0-1]
            assertThat(connack.variableHeader().connectReturnCode().byteValue() & 0xFF).isEqualTo(0x8C);
        }
    }

    @Test
    void anEnhancedAuthenticatorRunsAChallengeAndResponseBeforeConnack() throws Exception {
        EnhancedAuthenticator echo = new EnhancedAuthenticator() {
            @Override
            public String method() {
                return "ECHO";
            }

            @Override
            public Step start(String clientId, byte[] data) {
                return Step.challenge("prove it".getBytes());
            }

            @Override
            public Step next(String clientId, byte[] data) {
                return new String(data).equals("proof") ? Step.success(null, "alice") : Step.failure();
            }
        };
        broker = dev.fountain.broker.Broker.builder()
                .configure(config -> config.listener(dev.fountain.broker.config.Listener.mqtt(0, "127.0.0.1"))
                        .allowAnonymous(true))
                .enhancedAuthenticator(echo).build().start();
        try (RawClient client = RawClient.openV5(broker.port())) {
            client.send(MqttMessageBuilders.connect().clientId("c").protocolVersion(MqttVersion.MQTT_5)
                    .properties(properties(MqttPropertyType.AUTHENTICATION_METHOD, "ECHO")).build());
            MqttMessage challenge = client.receive();
            // [MQTT-4.12.0-2]
            assertThat(challenge.fixedHeader().messageType()).isEqualTo(MqttMessageType.AUTH);
            MqttProperties answer = properties(MqttPropertyType.AUTHENTICATION_METHOD, "ECHO");
            answer.add(new MqttProperties.BinaryProperty(MqttPropertyType.AUTHENTICATION_DATA.value(), "proof".getBytes()));
            client.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.AUTH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    new MqttReasonCodeAndPropertiesVariableHeader((byte) 0x18, answer)));
            MqttConnAckMessage connack = (MqttConnAckMessage) client.receive();
            assertThat(connack.variableHeader().connectReturnCode().byteValue()).isZero();
        }
    }

    @Test
    void aMalformedPacketEndsTheConnectionWithADisconnect() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.connectV5(broker.port(), "bad", MqttProperties.NO_PROPERTIES)) {
            // PUBLISH QoS 3
            client.sendBytes(new byte[] {0x36, 0x06, 0x00, 0x01, 'a', 0x00, 0x01, 0x00});
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void noLocalOnASharedSubscriptionIsAProtocolError() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.connectV5(broker.port(), "opts", MqttProperties.NO_PROPERTIES)) {
            client.send(MqttMessageBuilders.subscribe().messageId(2)
                    .addSubscription("$share/g/a", new MqttSubscriptionOption(MqttQoS.AT_LEAST_ONCE, true, false,
                            MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE)).build());
            // [MQTT-3.8.3-4]
            assertThat(disconnectReason(client)).isEqualTo(0x82);
        }
    }

    @Test
    void eachFilterGetsItsOwnReasonCode() throws Exception {
        broker = TestBrokers.start();
        try (RawClient client = RawClient.connectV5(broker.port(), "codes", MqttProperties.NO_PROPERTIES)) {
            client.send(MqttMessageBuilders.subscribe().messageId(3)
                    .addSubscription("ok/+", MqttSubscriptionOption.onlyFromQos(MqttQoS.EXACTLY_ONCE))
                    .addSubscription("bad/#/x", MqttSubscriptionOption.onlyFromQos(MqttQoS.AT_LEAST_ONCE)).build());
            io.netty.handler.codec.mqtt.MqttSubAckMessage suback =
                    (io.netty.handler.codec.mqtt.MqttSubAckMessage) client.receive();
            // [MQTT-3.9.3-1]: 0x8F Topic Filter invalid
            assertThat(suback.payload().reasonCodes()).containsExactly(2, 0x8F);
            client.send(MqttMessageBuilders.unsubscribe().messageId(4).addTopicFilter("ok/+").addTopicFilter("never")
                    .build());
            io.netty.handler.codec.mqtt.MqttUnsubAckMessage unsuback =
                    (io.netty.handler.codec.mqtt.MqttUnsubAckMessage) client.receive();
            // [MQTT-3.11.3-1]: 0x11 No subscription existed
            assertThat(unsuback.payload().unsubscribeReasonCodes()).containsExactly((short) 0, (short) 0x11);
        }
    }

    @Test
    void messagesAMemberOfASharedSubscriptionLeftUnacknowledgedGoToAnotherMember() throws Exception {
        broker = TestBrokers.start();
        try (RawClient survivor = RawClient.connectV5(broker.port(), "survivor", MqttProperties.NO_PROPERTIES)) {
            RawClient leaver = RawClient.connectV5(broker.port(), "leaver",
                    properties(MqttPropertyType.RECEIVE_MAXIMUM, 1));
            subscribe(leaver, "$share/g/jobs/+", 0);
            subscribe(survivor, "$share/g/jobs/+", 0);
            try (RawClient boss = RawClient.connectV5(broker.port(), "boss", MqttProperties.NO_PROPERTIES)) {
                for (int i = 1; i <= 4; i++) {
                    boss.send(publish("jobs/" + i, "job " + i, 1, i, MqttProperties.NO_PROPERTIES));
                }
                for (int i = 0; i < 4; i++) {
                    assertThat(boss.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
                }
            }
            // the leaver took two jobs (one in flight, one queued behind its Receive Maximum of 1)
            // and never acknowledges them; the survivor took and acknowledges the other two
            MqttPublishMessage leaversJob = (MqttPublishMessage) leaver.receive();
            java.util.Set<String> survivorJobs = new java.util.TreeSet<>();
            for (int i = 0; i < 2; i++) {
                MqttPublishMessage job = (MqttPublishMessage) survivor.receive();
                survivorJobs.add(job.payload().toString(StandardCharsets.UTF_8));
                survivor.send(MqttMessageBuilders.pubAck().packetId(job.variableHeader().packetId()).build());
            }
            leaver.kill();
            // its session ends with it (clean start, no expiry): both of its jobs go to the survivor
            for (int i = 0; i < 2; i++) {
                MqttPublishMessage job = (MqttPublishMessage) survivor.receive();
                survivorJobs.add(job.payload().toString(StandardCharsets.UTF_8));
                survivor.send(MqttMessageBuilders.pubAck().packetId(job.variableHeader().packetId()).build());
            }
            assertThat(survivorJobs).containsExactly("job 1", "job 2", "job 3", "job 4");
            assertThat(leaversJob).isNotNull();
        }
    }
}
