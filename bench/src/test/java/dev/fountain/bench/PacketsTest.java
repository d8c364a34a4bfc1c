package dev.fountain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generator's hand-written packets, read back by Netty's decoder as a broker would. */
class PacketsTest {

    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder());

    @AfterEach
    void close() {
        decoder.finishAndReleaseAll();
    }

    private <T extends MqttMessage> T decode(ByteBuf packet) {
        decoder.writeInbound(packet);
        T message = decoder.readInbound();
        assertThat(message.decoderResult().isSuccess()).as("%s", message.decoderResult()).isTrue();
        return message;
    }

    @Test
    void connectIsMqtt311WithACleanSession() {
        ByteBuf out = Unpooled.buffer();
        Packets.connect(out, "bench-pub-1", 0);

        MqttConnectMessage connect = decode(out);

        assertThat(connect.variableHeader().version()).isEqualTo(4);
        assertThat(connect.variableHeader().isCleanSession()).isTrue();
        assertThat(connect.payload().clientIdentifier()).isEqualTo("bench-pub-1");
    }

    @Test
    void connectWithoutCleanSessionAsksForAPersistentSession() {
        ByteBuf out = Unpooled.buffer();
        Packets.connect(out, "bench-sub-0", 0, false);

        MqttConnectMessage connect = decode(out);

        assertThat(connect.variableHeader().isCleanSession()).isFalse();
        assertThat(connect.payload().clientIdentifier()).isEqualTo("bench-sub-0");
    }

    @Test
    void aRetainedPublishCarriesTheRetainFlag() {
        ByteBuf out = Unpooled.buffer();
        Packets.publishHeader(out, "backlog/retained/7".getBytes(StandardCharsets.UTF_8), 1, 9, 20,
                true);
        out.writeZero(20);

        MqttPublishMessage publish = decode(out);

        assertThat(publish.fixedHeader().isRetain()).isTrue();
        assertThat(publish.variableHeader().topicName()).isEqualTo("backlog/retained/7");
        assertThat(publish.variableHeader().packetId()).isEqualTo(9);
        publish.release();
    }

    @Test
    void subscribeCarriesEveryFilterAtTheQosAsked() {
        ByteBuf out = Unpooled.buffer();
        Packets.subscribe(out, 7, List.of("bench/#", "+/p/1/2"), 2);

        MqttSubscribeMessage subscribe = decode(out);

        assertThat(subscribe.idAndPropertiesVariableHeader().messageId()).isEqualTo(7);
        assertThat(subscribe.payload().topicSubscriptions()).extracting(s -> s.topicName() + "@" + s.qualityOfService())
                .containsExactly("bench/#@EXACTLY_ONCE", "+/p/1/2@EXACTLY_ONCE");
    }

    @Test
    void publishHeaderAndPayloadMakeOnePacketOfTheSizeAnnounced() {
        byte[] topic = "bench/3".getBytes(StandardCharsets.UTF_8);
        ByteBuf out = Unpooled.buffer();
        Packets.publishHeader(out, topic, 1, 513, 200);
        Payload.write(out, 3, 99, 12345, 200);

        assertThat(out.readableBytes()).isEqualTo(Packets.publishSize(topic.length, 1, 200));
        MqttPublishMessage publish = decode(out);
        assertThat(publish.variableHeader().topicName()).isEqualTo("bench/3");
        assertThat(publish.variableHeader().packetId()).isEqualTo(513);
        assertThat(publish.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        ByteBuf payload = publish.payload();
        assertThat(payload.readableBytes()).isEqualTo(200);
        assertThat(Payload.stream(payload, payload.readerIndex())).isEqualTo(3);
        assertThat(Payload.sequence(payload, payload.readerIndex())).isEqualTo(99);
        assertThat(Payload.nanos(payload, payload.readerIndex())).isEqualTo(12345);
        publish.release();
    }

    @Test
    void pubrelHasTheFlagsTheSpecificationRequires() {
        ByteBuf out = Unpooled.buffer();
        Packets.acknowledgement(out, Packets.PUBREL, 42);

        MqttMessage pubrel = decode(out);

        assertThat(pubrel.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREL);
        assertThat(((MqttMessageIdVariableHeader) pubrel.variableHeader()).messageId()).isEqualTo(42);
    }
}
