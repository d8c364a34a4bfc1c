package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.RawClient;
import dev.fountain.broker.testing.TestBrokers;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Packets a hostile or broken client sends, byte by byte, over a real socket: each ends that one
 * connection, with the specification's reason code for an MQTT 5 client, and never wedges it.
 */
class HostileInputTest {

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBrokers.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** Sends {@code packet} and then a PINGREQ; returns the DISCONNECT reason the broker closed with. */
    private int disconnectReasonFor(byte[] packet) throws Exception {
        try (RawClient client = RawClient.connectV5(broker.port(), "hostile", MqttProperties.NO_PROPERTIES)) {
            client.sendBytes(packet);
            client.sendBytes(bytes(0xC0, 0x00));
            MqttMessage answer = client.receive();
            assertThat(answer.fixedHeader().messageType()).as("answer to a bad packet").isEqualTo(MqttMessageType.DISCONNECT);
            assertThat(client.closedByBroker()).isTrue();
            return ((MqttReasonCodeAndPropertiesVariableHeader) answer.variableHeader()).reasonCode() & 0xFF;
        }
    }

    @Test
    void anUnsubscribeWithNoRoomForItsPropertiesIsMalformedNotAWedge() throws Exception {
        assertThat(disconnectReasonFor(bytes(0xA2, 0x02, 0x00, 0x03))).isEqualTo(0x81);
    }

    @Test
    void aPropertyLengthPastTheEndOfItsPacketIsMalformed() throws Exception {
        // SUBSCRIBE id 1, property length 9 with 4 bytes of packet left
        assertThat(disconnectReasonFor(bytes(0x82, 0x07, 0x00, 0x01, 0x09, 0x00, 0x01, 't', 0x01))).isEqualTo(0x81);
    }

    @Test
    void topicAliasZeroIsTopicAliasInvalid() throws Exception {
        // [MQTT-3.3.2-8]
        assertThat(disconnectReasonFor(bytes(0x30, 0x08, 0x00, 0x01, 't', 0x03, 0x23, 0x00, 0x00, 'x')))
                .isEqualTo(0x94);
    }

    @Test
    void aPropertyGivenTwiceIsAProtocolError() throws Exception {
        assertThat(disconnectReasonFor(bytes(0x30, 0x0D, 0x00, 0x01, 't', 0x08, 0x03, 0x00, 0x01, 'a', 0x03, 0x00,
                0x01, 'b', 'x'))).isEqualTo(0x82);
    }

    @Test
    void aPropertyThatDoesNotBelongToThePacketIsMalformed() throws Exception {
        // SUBSCRIBE with a Content Type
        assertThat(disconnectReasonFor(bytes(0x82, 0x0B, 0x00, 0x01, 0x04, 0x03, 0x00, 0x01, 'a', 0x00, 0x01, 't',
                0x01))).isEqualTo(0x81);
    }

    @Test
    void subscriptionIdentifierZeroIsAProtocolError() throws Exception {
        assertThat(disconnectReasonFor(bytes(0x82, 0x09, 0x00, 0x01, 0x02, 0x0B, 0x00, 0x00, 0x01, 't', 0x01)))
                .isEqualTo(0x82);
    }

    @Test
    void subscribeOptionsWithReservedBitsAreMalformedAndRetainHandlingThreeIsAProtocolError() throws Exception {
        assertThat(disconnectReasonFor(bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't', 0xC1))).isEqualTo(0x81);
        assertThat(disconnectReasonFor(bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't', 0x31))).isEqualTo(0x82);
    }

    @ParameterizedTest(name = "CONNECT flags 0x{0}")
    @ValueSource(strings = {"0a", "12", "22", "1e"})
    void willQosOrRetainWithoutTheWillFlagIsRefused(String flags) throws Exception {
        int f = Integer.parseInt(flags, 16);
        for (int level : new int[] {4, 5}) {
            try (RawClient client = RawClient.open(broker.port())) {
                byte[] connect = level == 4
                        ? bytes(0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, f, 0x00, 0x3C, 0x00, 0x01, 'c')
                        : bytes(0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, f, 0x00, 0x3C, 0x00, 0x00, 0x01, 'c');
                client.sendBytes(connect);
                // [MQTT-3.1.2-11], [MQTT-3.1.2-13], [MQTT-3.1.2-15]: no CONNACK 0, the connection ends
                assertThat(client.closedByBroker()).as("level %d", level).isTrue();
            }
        }
    }

    @Test
    void aConnectWhoseWillIsCutShortIsRefused() throws Exception {
        try (RawClient client = RawClient.open(broker.port())) {
            client.sendBytes(bytes(0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x06, 0x00, 0x3C, 0x00, 0x01,
                    'c'));
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void anMqtt31ClientsPubrelWithDupCompletesTheQos2Exchange() throws Exception {
        try (RawClient client = RawClient.open(broker.port())) {
            client.sendBytes(bytes(0x10, 0x0F, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x03, 0x02, 0x00, 0x3C,
                    0x00, 0x01, 'c'));
            assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
            // PUBLISH QoS 2, id 5, then a retried PUBREL with DUP, as MQTT 3.1 clients send it
            client.sendBytes(bytes(0x34, 0x06, 0x00, 0x01, 't', 0x00, 0x05, 'x'));
            assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREC);
            client.sendBytes(bytes(0x6A, 0x02, 0x00, 0x05));
            assertThat(client.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBCOMP);
        }
    }

    @Test
    void aClientStillSendingReadsTheDisconnectReasonInsteadOfAReset() throws Exception {
        try (RawClient client = RawClient.connectV5SlowReader(broker.port(), "flood", 2048)) {
            // 20,000 QoS 2 PUBLISH packets in one write, never a PUBREL: past the broker's Receive
            // Maximum (1,024) it disconnects with 0x93 [MQTT-3.3.4-9]. This client reads nothing
            // while it writes, and little at a time, so the broker's PUBRECs and its DISCONNECT
            // back up: closing at once would throw the DISCONNECT away unsent.
            java.io.ByteArrayOutputStream flood = new java.io.ByteArrayOutputStream();
            for (int id = 1; id <= 20_000; id++) {
                flood.writeBytes(bytes(0x34, 0x07, 0x00, 0x01, 't', id >> 8, id & 0xFF, 0x00, 'x'));
            }
            try {
                client.sendBytes(flood.toByteArray());
            } catch (java.io.IOException closedWhileWriting) {
                // what the broker said before it closed is still to be read
            }
            int reason = -1;
            while (reason < 0) {
                MqttMessage packet = client.receive();
                if (packet.fixedHeader().messageType() == MqttMessageType.DISCONNECT) {
                    reason = ((MqttReasonCodeAndPropertiesVariableHeader) packet.variableHeader()).reasonCode() & 0xFF;
                }
            }
            assertThat(reason).isEqualTo(0x93);
        }
    }
}
