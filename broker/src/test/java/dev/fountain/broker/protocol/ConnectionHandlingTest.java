package dev.fountain.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.protocol.EmbeddedBroker.Client;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection state machine and its packet handlers, packets in and packets out. */
class ConnectionHandlingTest {

    private EmbeddedBroker broker = new EmbeddedBroker(config -> { });

    @AfterEach
    void close() {
        broker.close();
    }

    private static MqttMessage connect(String clientId) {
        return MqttMessageBuilders.connect().clientId(clientId).cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_3_1_1).keepAlive(0).build();
    }

    private static MqttPublishMessage publish(String topic, String payload, int qos, int packetId) {
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).messageId(packetId)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
    }

    private static MqttMessage subscribe(int packetId, String filter, int qos) {
        return MqttMessageBuilders.subscribe().messageId(packetId).addSubscription(MqttQoS.valueOf(qos), filter).build();
    }

    private static int packetId(MqttMessage packet) {
        return ((MqttMessageIdVariableHeader) packet.variableHeader()).messageId();
    }

    private static List<MqttMessageType> types(List<MqttMessage> packets) {
        return packets.stream().map(p -> p.fixedHeader().messageType()).toList();
    }

    @Test
    void packetsPipelinedBehindConnectAreHandledAfterTheConnack() {
        Client client = broker.client();
        client.send(connect("pipelined"), subscribe(1, "a/b", 1), publish("a/b", "x", 1, 2));
        List<MqttMessage> answers = client.received();
        assertThat(types(answers).subList(0, 2)).containsExactly(MqttMessageType.CONNACK, MqttMessageType.SUBACK);
        assertThat(types(answers).subList(2, 4)).containsExactlyInAnyOrder(MqttMessageType.PUBLISH,
                MqttMessageType.PUBACK);
    }

    @Test
    void answersToOneReadLeaveInOneFlush() {
        Client client = broker.client();
        client.send(connect("batch"));
        client.received();
        int before = client.flushes.get();
        MqttMessage[] burst = new MqttMessage[50];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = publish("batch/" + i, "x", 1, i + 1);
        }
        client.send(burst);
        assertThat(types(client.received())).hasSize(50).containsOnly(MqttMessageType.PUBACK);
        assertThat(client.flushes.get() - before).isEqualTo(1);
    }

    @Test
    void deliveriesToOneSubscriberFromOneReadLeaveInOneFlush() {
        Client subscriber = broker.client();
        subscriber.send(connect("sub"), subscribe(1, "fan/#", 0));
        subscriber.received();
        Client publisher = broker.client();
        publisher.send(connect("pub"));
        int before = subscriber.flushes.get();
        MqttMessage[] burst = new MqttMessage[20];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = publish("fan/" + i, "x", 0, 0);
        }
        publisher.send(burst);
        assertThat(subscriber.received()).hasSize(20);
        assertThat(subscriber.flushes.get() - before).isEqualTo(1);
    }

    @Test
    void qos1PublishIsAcknowledgedWithItsPacketId() {
        Client client = broker.client();
        client.send(connect("q1"), publish("t", "x", 1, 77));
        MqttMessage puback = client.received().get(1);
        // [MQTT-4.3.2-2]
        assertThat(puback.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        assertThat(packetId(puback)).isEqualTo(77);
    }

    @Test
    void qos2PublishGoesThroughPubrecPubrelPubcomp() {
        Client client = broker.client();
        client.send(connect("q2"), publish("t", "x", 2, 9));
        MqttMessage pubrec = client.received().get(1);
        // [MQTT-4.3.3-2]
        assertThat(pubrec.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREC);
        assertThat(packetId(pubrec)).isEqualTo(9);
        client.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.pubAck().packetId(9).build());
        client.received();
        client.send(dev.fountain.broker.testing.RawClient.ack(MqttMessageType.PUBREL, 9));
        MqttMessage pubcomp = client.received().get(0);
        assertThat(pubcomp.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBCOMP);
        assertThat(packetId(pubcomp)).isEqualTo(9);
    }

    @Test
    void pubrelForAnUnknownIdIsStillCompleted() {
        Client client = broker.client();
        client.send(connect("q2"), dev.fountain.broker.testing.RawClient.ack(MqttMessageType.PUBREL, 5));
        assertThat(types(client.received())).containsExactly(MqttMessageType.CONNACK, MqttMessageType.PUBCOMP);
    }

    @Test
    void outgoingPacketIdsAreNonZeroAndDistinctWhileInFlight() {
        Client subscriber = broker.client();
        subscriber.send(connect("sub"), subscribe(1, "ids", 2));
        subscriber.received();
        Client publisher = broker.client();
        publisher.send(connect("pub"));
        for (int i = 0; i < 10; i++) {
            publisher.send(publish("ids", "m" + i, 1, i + 1));
        }
        List<Integer> ids = subscriber.received().stream().map(p -> ((MqttPublishMessage) p).variableHeader().packetId())
                .toList();
        // [MQTT-2.3.1-1], [MQTT-2.3.1-2]
        assertThat(ids).hasSize(10).doesNotContain(0).doesNotHaveDuplicates();
    }

    @Test
    void aMessageLargerThanMessageSizeLimitIsAcknowledgedAndDropped() {
        broker.close();
        broker = new EmbeddedBroker(config -> config.messageSizeLimit(10));
        Client subscriber = broker.client();
        subscriber.send(connect("sub"), subscribe(1, "big", 1));
        subscriber.received();
        Client publisher = broker.client();
        publisher.send(connect("pub"), publish("big", "x".repeat(11), 1, 3), publish("big", "small", 1, 4));
        assertThat(types(publisher.received())).containsExactly(MqttMessageType.CONNACK, MqttMessageType.PUBACK,
                MqttMessageType.PUBACK);
        List<MqttMessage> delivered = subscriber.received();
        assertThat(delivered).hasSize(1);
        assertThat(((MqttPublishMessage) delivered.get(0)).payload().toString(StandardCharsets.UTF_8))
                .isEqualTo("small");
        assertThat(publisher.isOpen()).isTrue();
    }

    @Test
    void aRetainedPublishIsAProtocolViolationWhenRetainIsNotAvailable() {
        broker.close();
        broker = new EmbeddedBroker(config -> config.retainAvailable(false));
        Client client = broker.client();
        client.send(connect("r"));
        client.send(MqttMessageBuilders.publish().topicName("t").qos(MqttQoS.AT_MOST_ONCE).retained(true)
                .payload(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8)).build());
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void anEmptyTopicIsAProtocolViolation() {
        Client client = broker.client();
        client.send(connect("e"));
        // PUBLISH QoS 0 with a zero-length topic [MQTT-4.7.3-1]
        client.sendBytes(new byte[] {0x30, 0x03, 0x00, 0x00, 'x'});
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void subscribeWithNoFiltersIsAProtocolViolation() {
        Client client = broker.client();
        client.send(connect("s"));
        // SUBSCRIBE, packet id 1, no payload [MQTT-3.8.3-3]
        client.sendBytes(new byte[] {(byte) 0x82, 0x02, 0x00, 0x01});
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void subackCarriesTheGrantedQosOfEachFilterInOrder() {
        Client client = broker.client();
        client.send(connect("s"), MqttMessageBuilders.subscribe().messageId(3)
                .addSubscription(MqttQoS.EXACTLY_ONCE, "a")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "b/#")
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "c/+/d").build());
        MqttSubAckMessage suback = (MqttSubAckMessage) client.received().get(1);
        // [MQTT-3.8.4-5], [MQTT-3.9.3-1]
        assertThat(suback.payload().grantedQoSLevels()).containsExactly(2, 0, 1);
    }

    @Test
    void unsubackIsSentEvenForAFilterThatWasNotSubscribed() {
        Client client = broker.client();
        client.send(connect("u"), MqttMessageBuilders.unsubscribe().messageId(4).addTopicFilter("never").build());
        MqttMessage unsuback = client.received().get(1);
        // [MQTT-3.10.4-4], [MQTT-3.10.4-5]
        assertThat(unsuback.fixedHeader().messageType()).isEqualTo(MqttMessageType.UNSUBACK);
        assertThat(packetId(unsuback)).isEqualTo(4);
    }

    @Test
    void connackAcceptsWithReturnCodeZeroAndNoSessionForACleanSession() {
        Client client = broker.client();
        client.send(connect("c"));
        MqttConnAckMessage connack = (MqttConnAckMessage) client.received().get(0);
        // [MQTT-3.2.2-1]
        assertThat(connack.variableHeader().connectReturnCode().byteValue()).isZero();
        assertThat(connack.variableHeader().isSessionPresent()).isFalse();
    }

    @Test
    void maxConnectionsRefusesTheConnectionBeyondTheLimit() {
        broker.close();
        broker = new EmbeddedBroker(config -> config.maxConnections(1));
        Client first = broker.client();
        Client second = broker.client();
        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).isFalse();
    }
}
