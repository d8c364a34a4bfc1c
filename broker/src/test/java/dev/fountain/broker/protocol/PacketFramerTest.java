package dev.fountain.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The framer hands Netty's decoder one packet at a time, so no packet reads into the next.
 */
class PacketFramerTest {

    /** The framer alone: what it decodes goes down the pipeline, where the test reads it. */
    private static final class Framer extends PacketFramer {
        Framer() {
            super(256);
        }

        @Override
        void packetReceived(io.netty.channel.ChannelHandlerContext ctx, MqttMessage packet) {
            ctx.fireChannelRead(packet);
        }

        @Override
        void bytesRead(int bytes) {
        }

        @Override
        boolean discarding() {
            return false;
        }
    }

    private Framer framer = new Framer();
    private EmbeddedChannel channel = new EmbeddedChannel(framer);

    private void newChannel() {
        framer = new Framer();
        channel = new EmbeddedChannel(framer);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static byte[] connect(MqttVersion version) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(MqttMessageBuilders.connect().clientId("c").protocolVersion(version).build());
        ByteBuf bytes = encoder.readOutbound();
        try {
            return ByteBufUtil.getBytes(bytes);
        } finally {
            bytes.release();
            encoder.finishAndReleaseAll();
        }
    }

    private List<MqttMessage> feed(byte[]... chunks) {
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        List<MqttMessage> messages = new ArrayList<>();
        MqttMessage message;
        while ((message = channel.readInbound()) != null) {
            messages.add(message);
            ReferenceCountUtil.release(message);
        }
        return messages;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void packetsSplitAndJoinedAnyWayAreDecodedOneByOne() {
        byte[] connect = connect(MqttVersion.MQTT_3_1_1);
        byte[] both = new byte[connect.length + 2];
        System.arraycopy(connect, 0, both, 0, connect.length);
        both[connect.length] = (byte) 0xC0;
        List<MqttMessage> messages = feed(java.util.Arrays.copyOfRange(both, 0, 3),
                java.util.Arrays.copyOfRange(both, 3, both.length - 1), java.util.Arrays.copyOfRange(both,
                        both.length - 1, both.length));
        assertThat(messages).extracting(m -> m.fixedHeader().messageType())
                .containsExactly(MqttMessageType.CONNECT, MqttMessageType.PINGREQ);
        assertThat(messages).allMatch(m -> m.decoderResult().isSuccess());
    }

    @Test
    void anUnsubscribeWithoutRoomForItsPropertiesIsMalformedInsteadOfReadingThePingAfterIt() {
        List<MqttMessage> messages = feed(connect(MqttVersion.MQTT_5), bytes(0xA2, 0x02, 0x00, 0x03, 0xC0, 0x00));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).decoderResult().isSuccess()).isTrue();
        assertThat(messages.get(1).decoderResult().isFailure()).isTrue();
    }

    @Test
    void aPropertyLengthPastTheEndOfItsPacketIsMalformed() {
        // PUBACK, packet 1, reason 0, property length 9 with one byte of packet left; then PINGREQ
        List<MqttMessage> messages = feed(connect(MqttVersion.MQTT_5),
                bytes(0x40, 0x04, 0x00, 0x01, 0x00, 0x09, 0xC0, 0x00));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).decoderResult().isFailure()).isTrue();
    }

    @Test
    void bytesAfterAPacketsLastFieldAreMalformed() {
        // PINGREQ claiming one byte of body, which no PINGREQ has
        List<MqttMessage> messages = feed(connect(MqttVersion.MQTT_3_1_1), bytes(0xC0, 0x01, 0x00));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).decoderResult().isFailure()).isTrue();
    }

    @Test
    void aPacketLargerThanTheLimitIsRefusedFromItsFixedHeader() {
        // PUBLISH announcing 1,000 bytes; only its fixed header is sent
        List<MqttMessage> messages = feed(connect(MqttVersion.MQTT_3_1_1), bytes(0x30, 0xE8, 0x07));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).decoderResult().cause()).isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void aRemainingLengthOfFiveBytesIsMalformed() {
        List<MqttMessage> messages = feed(bytes(0x30, 0x80, 0x80, 0x80, 0x80, 0x01));
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).decoderResult().isFailure()).isTrue();
    }

    private Mqtt5PacketCheck.Violation violationOf(byte[] packet) {
        List<MqttMessage> messages = feed(connect(MqttVersion.MQTT_5), packet, bytes(0xC0, 0x00));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).decoderResult().cause()).isInstanceOf(Mqtt5PacketCheck.Violation.class);
        return (Mqtt5PacketCheck.Violation) messages.get(1).decoderResult().cause();
    }

    @Test
    void aPropertyGivenTwiceIsAProtocolError() {
        // PUBLISH 't' with Content Type twice
        Mqtt5PacketCheck.Violation violation = violationOf(bytes(0x30, 0x0D, 0x00, 0x01, 't', 0x08,
                0x03, 0x00, 0x01, 'a', 0x03, 0x00, 0x01, 'b', 'x'));
        assertThat(violation.malformed()).isFalse();
        assertThat(violation).hasMessageContaining("property 0x3 twice in PUBLISH");
    }

    @Test
    void aPropertyThatDoesNotBelongToThePacketTypeIsMalformed() {
        // SUBSCRIBE with a Content Type
        Mqtt5PacketCheck.Violation violation = violationOf(bytes(0x82, 0x0B, 0x00, 0x01, 0x04, 0x03, 0x00, 0x01,
                'a', 0x00, 0x01, 't', 0x01));
        assertThat(violation.malformed()).isTrue();
    }

    @Test
    void aClientsPublishWithASubscriptionIdentifierIsRefused() {
        Mqtt5PacketCheck.Violation violation = violationOf(bytes(0x30, 0x07, 0x00, 0x01, 't', 0x02, 0x0B, 0x01,
                'x'));
        assertThat(violation).hasMessageContaining("[MQTT-3.3.4-6]");
    }

    @Test
    void subscriptionIdentifierZeroIsAProtocolError() {
        Mqtt5PacketCheck.Violation violation = violationOf(bytes(0x82, 0x09, 0x00, 0x01, 0x02, 0x0B, 0x00, 0x00,
                0x01, 't', 0x01));
        assertThat(violation.malformed()).isFalse();
        assertThat(violation).hasMessageContaining("Subscription Identifier 0");
    }

    @Test
    void subscribeOptionsWithReservedBitsAreMalformed() {
        Mqtt5PacketCheck.Violation violation = violationOf(bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't',
                0xC1));
        assertThat(violation.malformed()).isTrue();
    }

    @Test
    void retainHandlingThreeIsAProtocolError() {
        Mqtt5PacketCheck.Violation violation = violationOf(bytes(0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, 't',
                0x31));
        assertThat(violation.malformed()).isFalse();
    }

    @Test
    void acknowledgementsWithAndWithoutReasonAndPropertiesPass() {
        List<MqttMessage> messages = feed(connect(MqttVersion.MQTT_5), bytes(0x40, 0x02, 0x00, 0x01),
                bytes(0x40, 0x03, 0x00, 0x02, 0x10), bytes(0x40, 0x04, 0x00, 0x03, 0x00, 0x00),
                bytes(0xE0, 0x00), bytes(0xC0, 0x00));
        assertThat(messages).allMatch(m -> m.decoderResult().isSuccess());
        assertThat(messages).hasSize(6);
    }

    @Test
    void anMqtt31PubrelWithDupIsAcceptedAsMqtt31Allowed() {
        List<MqttMessage> messages = feed(connect(MqttVersion.MQTT_3_1), bytes(0x6A, 0x02, 0x00, 0x05));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).decoderResult().isSuccess()).isTrue();
        assertThat(messages.get(1).fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREL);
    }

    @Test
    void anMqtt311PubrelWithDupStaysMalformed() {
        List<MqttMessage> messages = feed(connect(MqttVersion.MQTT_3_1_1), bytes(0x6A, 0x02, 0x00, 0x05));
        assertThat(messages.get(1).decoderResult().isFailure()).isTrue();
    }

    @Test
    void willQosOrRetainWithoutTheWillFlagIsMalformed() {
        for (int flags : new int[] {0x0A, 0x12, 0x22, 0x1E}) {
            // MQTT 3.1.1 CONNECT, client id "c", with the given flags
            List<MqttMessage> messages = feed(bytes(0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, flags, 0x00,
                    0x3C, 0x00, 0x01, 'c'));
            assertThat(messages).as("flags 0x%02x", flags).hasSize(1);
            assertThat(messages.get(0).decoderResult().isFailure()).as("flags 0x%02x", flags).isTrue();
            close();
            newChannel();
        }
    }

    @Test
    void aConnectWhoseWillIsCutShortIsMalformed() {
        // Will Flag set, client id "c", then the packet ends where the will topic should be
        List<MqttMessage> messages = feed(bytes(0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x06, 0x00,
                0x3C, 0x00, 0x01, 'c'));
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).decoderResult().isFailure()).isTrue();
    }

    @Test
    void aMosquittoBridgesLevelIsDecodedWithoutItsBitAndMarksTheChannel() {
        // MQTT 3.1.1 CONNECT, level 0x84 (Mosquitto's try_private), client id "c"
        List<MqttMessage> messages = feed(bytes(0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x84, 0x02, 0x00,
                0x3C, 0x00, 0x01, 'c'));
        assertThat(messages).hasSize(1);
        assertThat(((MqttConnectMessage) messages.get(0)).variableHeader().version()).isEqualTo(4);
        assertThat(framer.isBridge()).isTrue();
    }

    @Test
    void anMqtt31BridgeKeepsMqtt31Leniency() {
        // MQTT 3.1 CONNECT, level 0x83, client id "c"; then a PUBREL with DUP, which only 3.1 allowed
        List<MqttMessage> messages = feed(bytes(0x10, 0x0F, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x83, 0x02,
                0x00, 0x3C, 0x00, 0x01, 'c'), bytes(0x6A, 0x02, 0x00, 0x05));
        assertThat(messages).hasSize(2).allMatch(m -> m.decoderResult().isSuccess());
        assertThat(((MqttConnectMessage) messages.get(0)).variableHeader().version()).isEqualTo(3);
        assertThat(framer.isBridge()).isTrue();
    }

    @Test
    void theBridgeBitOnAnyOtherLevelIsLeftForTheDecoderToRefuse() {
        // "MQTT" with 0x85 (MQTT 5 bridges do not exist) and with 0x83 (3.1's level under 3.1.1's name)
        for (int level : new int[] {0x85, 0x83, 0x82, 0xFF}) {
            List<MqttMessage> messages = feed(bytes(0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', level, 0x02, 0x00,
                    0x3C, 0x00, 0x01, 'c'));
            assertThat(messages).as("level 0x%02x", level).hasSize(1);
            assertThat(messages.get(0).decoderResult().cause()).as("level 0x%02x", level)
                    .isInstanceOf(MqttUnacceptableProtocolVersionException.class);
            assertThat(framer.isBridge()).isFalse();
            close();
            newChannel();
        }
    }
}
