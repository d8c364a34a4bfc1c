package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.RawClient;
import dev.fountain.broker.testing.TestBrokers;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's Maximum Packet Size binds every packet the broker sends it [MQTT-3.1.2-24]: a
 * PUBLISH that fits exactly is sent, optional Reason Strings are left out where they would not fit,
 * and a CONNACK that cannot fit is not sent at all.
 */
class MaximumPacketSizeTest {

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBrokers.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private static MqttProperties maximumPacketSize(int bytes) {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(),
                bytes));
        return properties;
    }

    @Test
    void aQos0PublishThatFitsExactlyIsDelivered() throws Exception {
        // QoS 0 PUBLISH to "t" with no properties: 2 bytes of fixed header, 2 + 1 of topic, 1 of
        // property length, and the payload; so 40 bytes hold a payload of 34 [MQTT-3.1.2-25]
        try (RawClient subscriber = RawClient.connectV5(broker.port(), "small", maximumPacketSize(40));
             PahoClient publisher = PahoClient.connect(broker.port(), "publisher")) {
            subscriber.receiveAfter(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "t").build());
            publisher.publish("t", "x".repeat(34), 0, false);
            MqttPublishMessage delivered = (MqttPublishMessage) subscriber.receive();
            assertThat(delivered.payload().readableBytes()).isEqualTo(34);
        }
    }

    @Test
    void aReasonStringThatWouldPassTheLimitIsLeftOut() throws Exception {
        try (Broker limited = TestBrokers.start(config -> config.messageSizeLimit(4));
             RawClient client = RawClient.connectV5(limited.port(), "small", maximumPacketSize(30))) {
            // over message_size_limit: PUBACK 0x97, whose Reason String would make it 39 bytes
            MqttMessage puback = client.receiveAfter(MqttMessageBuilders.publish().topicName("t")
                    .qos(MqttQoS.AT_LEAST_ONCE).messageId(7).payload(io.netty.buffer.Unpooled.wrappedBuffer(
                            new byte[5])).build());
            MqttPubReplyMessageVariableHeader header = (MqttPubReplyMessageVariableHeader) puback.variableHeader();
            assertThat(header.reasonCode() & 0xFF).isEqualTo(0x97);
            assertThat(header.properties().isEmpty()).isTrue();
        }
    }

    @Test
    void aConnackThatCannotFitIsNotSent() throws Exception {
        try (RawClient client = RawClient.openV5(broker.port())) {
            client.send(MqttMessageBuilders.connect().clientId("tiny").protocolVersion(MqttVersion.MQTT_5)
                    .properties(maximumPacketSize(16)).build());
            assertThat(client.closedByBroker()).as("closed without any packet").isTrue();
        }
        try (RawClient client = RawClient.connectV5(broker.port(), "roomy", maximumPacketSize(64))) {
            client.sendBytes(new byte[] {(byte) 0xC0, 0x00});
            assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
        }
    }
}
