package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.RawClient;
import dev.fountain.broker.testing.TestBrokers;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An acknowledgement of the wrong kind for a message in flight (PUBREC or PUBCOMP for QoS 1, PUBACK
 * for QoS 2, PUBCOMP before PUBREC) is a protocol error that closes the client, as in Mosquitto,
 * instead of being ignored while the message stays in flight.
 */
class AcknowledgementKindTest {

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBrokers.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @ParameterizedTest
    @CsvSource({"1, PUBREC", "1, PUBCOMP", "2, PUBACK", "2, PUBCOMP"})
    void aWrongAcknowledgementClosesTheClient(int qos, MqttMessageType wrongAck) throws Exception {
        try (RawClient subscriber = RawClient.connect(broker.port(), "subscriber");
             PahoClient publisher = PahoClient.connect(broker.port(), "publisher")) {
            MqttMessage suback = subscriber.receiveAfter(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.valueOf(qos), "t").build());
            assertThat(suback.fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK);
            publisher.publish("t", "x", qos, false);
            MqttPublishMessage delivered = (MqttPublishMessage) subscriber.receive();
            subscriber.send(RawClient.ack(wrongAck, delivered.variableHeader().packetId()));
            assertThat(subscriber.closedByBroker()).isTrue();
        }
    }
}
