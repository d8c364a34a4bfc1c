package dev.fountain.broker.bridge;

import dev.fountain.broker.config.Bridge;
import dev.fountain.broker.config.Bridge.ProtocolVersion;
import dev.fountain.broker.routing.Message;
import dev.fountain.topic.Topics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The packets a bridge sends its remote broker, for the protocol version it speaks. Netty's
 * encoder writes all but PUBLISH; PUBLISH is written here, as the broker's own encoder writes it
 * to subscribers: the header in a small buffer, the shared payload behind it without a copy.
 */
final class UpstreamPackets {

    /** Payloads up to this size are copied behind the header; see the broker's PublishEncoder. */
    private static final int COPY_LIMIT = 512;
    /** MQTT 5: "the Session does not expire" (section 3.1.2.11.2). */
    private static final int NEVER_EXPIRES = 0xFFFF_FFFF;
    private static final int MESSAGE_EXPIRY_INTERVAL = MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value();

    private final ProtocolVersion version;
    private final boolean v5;

    UpstreamPackets(ProtocolVersion version) {
        this.version = version;
        this.v5 = version == ProtocolVersion.MQTT_5;
    }

    boolean v5() {
        return v5;
    }

    /**
     * CONNECT, with the bridge's notification as its will when there is one. With {@code cleansession
     * false}, an MQTT 5 session that never expires: without a Session Expiry Interval an MQTT 5
     * broker would end the session at every disconnect, and cleansession false would mean nothing.
     *
     * @param willQos the QoS of the will, or -1 for no will
     * @param maxPacketSize the largest packet this side takes, announced on MQTT 5
     */
    MqttConnectMessage connect(Bridge bridge, int willQos, boolean willRetain, int maxPacketSize) {
        MqttVersion mqtt = switch (version) {
            case MQTT_3_1 -> MqttVersion.MQTT_3_1;
            case MQTT_3_1_1 -> MqttVersion.MQTT_3_1_1;
            case MQTT_5 -> MqttVersion.MQTT_5;
        };
        MqttProperties properties = new MqttProperties();
        if (v5) {
            if (!bridge.cleanSession()) {
                properties.add(new MqttProperties.IntegerProperty(
                        MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), NEVER_EXPIRES));
            }
            properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value(),
                    maxPacketSize));
        }
        boolean will = willQos >= 0;
        String username = bridge.remoteUsername();
        String password = bridge.remotePassword();
        MqttConnectVariableHeader header = new MqttConnectVariableHeader(mqtt.protocolName(), mqtt.protocolLevel(),
                username != null, password != null, will && willRetain, will ? willQos : 0, will,
                bridge.cleanSession(), bridge.keepAliveSeconds(), properties);
        MqttConnectPayload payload = new MqttConnectPayload(bridge.remoteClientId(), MqttProperties.NO_PROPERTIES,
                will ? bridge.notificationTopic() : null, will ? Notifications.DOWN : null, username,
                password == null ? null : password.getBytes(StandardCharsets.UTF_8));
        return new MqttConnectMessage(fixed(MqttMessageType.CONNECT, 0), header, payload);
    }

    /**
     * SUBSCRIBE to one filter. On MQTT 5 with No Local, so what the bridge publishes there does not
     * come back, and Retain As Published, so retained messages cross as retained, as Mosquitto's
     * bridge asks; on 3.1.1 the remote broker does both for a bridge that sent the private protocol
     * level.
     */
    MqttSubscribeMessage subscribe(int packetId, String filter, int qos) {
        MqttSubscriptionOption options = new MqttSubscriptionOption(MqttQoS.valueOf(qos), v5, v5,
                MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE);
        return new MqttSubscribeMessage(fixed(MqttMessageType.SUBSCRIBE, 1), idHeader(packetId),
                new MqttSubscribePayload(List.of(new MqttTopicSubscription(filter, options))));
    }

    MqttUnsubscribeMessage unsubscribe(int packetId, String filter) {
        return new MqttUnsubscribeMessage(fixed(MqttMessageType.UNSUBSCRIBE, 1), idHeader(packetId),
                new MqttUnsubscribePayload(List.of(filter)));
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with success [MQTT-3.6.1-1: PUBREL has QoS 1 in its flags]. */
    MqttMessage ack(MqttMessageType type, int packetId) {
        MqttFixedHeader fixed = fixed(type, type == MqttMessageType.PUBREL ? 1 : 0);
        return new MqttMessage(fixed, v5 ? new MqttPubReplyMessageVariableHeader(packetId, (byte) 0,
                MqttProperties.NO_PROPERTIES) : MqttMessageIdVariableHeader.from(packetId));
    }

    MqttMessage pingreq() {
        return new MqttMessage(fixed(MqttMessageType.PINGREQ, 0));
    }

    /**
     * DISCONNECT as the broker stops, on MQTT 5 with reason 0x04 (Disconnect with Will Message) so
     * the remote broker still publishes the bridge's "0"; {@code null} on 3.1.1, where a DISCONNECT
     * would discard the will and closing the socket is what keeps it.
     */
    MqttMessage disconnectWithWill() {
        return v5 ? new MqttMessage(fixed(MqttMessageType.DISCONNECT, 0),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) 0x04, MqttProperties.NO_PROPERTIES)) : null;
    }

    /** The size of the PUBLISH {@link #writePublish} would write. */
    long publishSize(String topic, Message message, int qos) {
        long remaining = 2L + Topics.utf8Length(topic) + (qos > 0 ? 2 : 0) + message.payloadSize();
        if (v5) {
            int properties = propertiesLength(message, message.remainingExpirySeconds(System.nanoTime()));
            remaining += varIntSize(properties) + properties;
        }
        return 1 + varIntSize((int) Math.min(remaining, Integer.MAX_VALUE)) + remaining;
    }

    /**
     * Writes a PUBLISH of {@code message} on {@code topic} without flushing; the caller keeps its
     * reference. On MQTT 5 the message's properties and its remaining expiry go along.
     */
    void writePublish(Channel channel, String topic, Message message, int qos, boolean retain, boolean duplicate,
            int packetId) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuf payload = message.payload();
        int payloadSize = payload.readableBytes();
        long expiry = message.remainingExpirySeconds(System.nanoTime());
        int propertiesLength = v5 ? propertiesLength(message, expiry) : -1;
        int remaining = 2 + topicBytes.length + (qos > 0 ? 2 : 0) + payloadSize
                + (propertiesLength < 0 ? 0 : varIntSize(propertiesLength) + propertiesLength);
        boolean copy = payloadSize <= COPY_LIMIT;
        ByteBuf out = channel.alloc().ioBuffer(1 + varIntSize(remaining) + remaining - (copy ? 0 : payloadSize));
        out.writeByte(0x30 | (duplicate ? 0x08 : 0) | qos << 1 | (retain ? 1 : 0));
        writeVarInt(out, remaining);
        out.writeShort(topicBytes.length);
        out.writeBytes(topicBytes);
        if (qos > 0) {
            out.writeShort(packetId);
        }
        if (propertiesLength >= 0) {
            writeVarInt(out, propertiesLength);
            out.writeBytes(message.properties().encoded());
            if (expiry >= 0) {
                out.writeByte(MESSAGE_EXPIRY_INTERVAL);
                out.writeInt((int) expiry);
            }
        }
        if (copy) {
            out.writeBytes(payload, payload.readerIndex(), payloadSize);
            channel.write(out, channel.voidPromise());
        } else {
            channel.write(out, channel.voidPromise());
            channel.write(payload.retainedDuplicate(), channel.voidPromise());
        }
    }

    /** A PUBLISH of this bridge's own (the notification), written by Netty's encoder. */
    MqttPublishMessage publish(String topic, byte[] payload, int qos, boolean retain, int packetId) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), retain,
                0), new MqttPublishVariableHeader(topic, qos > 0 ? packetId : -1, MqttProperties.NO_PROPERTIES),
                Unpooled.wrappedBuffer(payload));
    }

    /** The packet identifier of a PUBACK, PUBREC, PUBREL, PUBCOMP or UNSUBACK the remote broker sent. */
    static int packetId(MqttMessage packet) {
        return ((MqttMessageIdVariableHeader) packet.variableHeader()).messageId();
    }

    /** The reason code of an MQTT 5 acknowledgement; 0 (success) when it has none, as on 3.1.1. */
    static int reasonCode(MqttMessage packet) {
        return packet.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply ? reply.reasonCode() & 0xFF
                : 0;
    }

    /** Netty's encoder writes the (empty) properties only on MQTT 5. */
    private static MqttMessageIdAndPropertiesVariableHeader idHeader(int packetId) {
        return new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES);
    }

    private static MqttFixedHeader fixed(MqttMessageType type, int qos) {
        return new MqttFixedHeader(type, false, MqttQoS.valueOf(qos), false, 0);
    }

    private static int propertiesLength(Message message, long expiry) {
        return message.properties().encoded().length + (expiry >= 0 ? 5 : 0);
    }

    static int varIntSize(int value) {
        int size = 1;
        while (value >= 128) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static void writeVarInt(ByteBuf out, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }
}
