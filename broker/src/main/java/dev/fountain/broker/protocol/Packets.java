package dev.fountain.broker.protocol;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import java.util.List;

/**
 * The packets the broker answers with, for both protocol versions: one place that knows that an
 * MQTT 3.1.1 CONNACK carries a return code where MQTT 5 carries a reason code, that 3.1.1 has
 * no reason code on PUBACK, and that a reason string goes only to a client that did not refuse
 * problem information [MQTT-3.1.2-29]. Netty's encoder writes the properties of MQTT 5 packets
 * only on MQTT 5 connections.
 */
final class Packets {

    static final MqttMessage PINGRESP = new MqttMessage(
            new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));

    private Packets() {
    }

    static MqttConnAckMessage connack(ClientSettings client, ConnackReasonCode reasonCode, boolean sessionPresent,
            MqttProperties properties) {
        int code = client.isV5() ? reasonCode.value() : reasonCode.v3().value();
        return new MqttConnAckMessage(
                new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttConnAckVariableHeader(MqttConnectReturnCode.valueOf((byte) code), sessionPresent,
                        client.isV5() ? properties : MqttProperties.NO_PROPERTIES));
    }

    static MqttMessage puback(ClientSettings client, int packetId, PubackReasonCode reasonCode, String reason) {
        return ack(client, MqttMessageType.PUBACK, packetId, reasonCode.value(), reason);
    }

    static MqttMessage pubrec(ClientSettings client, int packetId, PubackReasonCode reasonCode, String reason) {
        return ack(client, MqttMessageType.PUBREC, packetId, reasonCode.value(), reason);
    }

    static MqttMessage pubrel(ClientSettings client, int packetId, PubrelReasonCode reasonCode) {
        return ack(client, MqttMessageType.PUBREL, packetId, reasonCode.value(), null);
    }

    static MqttMessage pubcomp(ClientSettings client, int packetId, PubrelReasonCode reasonCode) {
        return ack(client, MqttMessageType.PUBCOMP, packetId, reasonCode.value(), null);
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP, with the flags each must carry [MQTT-3.6.1-1]. */
    private static MqttMessage ack(ClientSettings client, MqttMessageType type, int packetId, int reasonCode,
            String reason) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        MqttFixedHeader fixed = new MqttFixedHeader(type, false, qos, false, 0);
        if (!client.isV5()) {
            return new MqttMessage(fixed, MqttMessageIdVariableHeader.from(packetId));
        }
        // packet identifier and reason code, then the properties, if any
        return new MqttMessage(fixed, new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode,
                reasonString(client, reason, 3)));
    }

    static MqttSubAckMessage suback(ClientSettings client, int packetId, List<SubackReasonCode> reasonCodes) {
        int[] codes = new int[reasonCodes.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = client.isV5() ? reasonCodes.get(i).value() : reasonCodes.get(i).v3();
        }
        return new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes));
    }

    static MqttUnsubAckMessage unsuback(ClientSettings client, int packetId, List<UnsubackReasonCode> reasonCodes) {
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        if (!client.isV5()) {
            return new MqttUnsubAckMessage(fixed, MqttMessageIdVariableHeader.from(packetId));
        }
        return new MqttUnsubAckMessage(fixed,
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(reasonCodes.stream().map(code -> (short) code.value()).toList()));
    }

    /** An MQTT 5 server DISCONNECT; 3.1.1 has none, the server just closes. */
    static MqttMessage disconnect(ClientSettings client, DisconnectReasonCode reasonCode, String reason) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode.value(),
                        reasonString(client, reason, 1)));
    }

    /** The size of the MQTT 5 CONNACK with {@code properties}, fixed header included. */
    static long connackSize(MqttProperties properties) {
        long length = 0;
        for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
            if (property instanceof MqttProperties.StringProperty string) {
                length += 3 + ByteBufUtil.utf8Bytes(string.value());
            } else if (property instanceof MqttProperties.BinaryProperty binary) {
                length += 3 + binary.value().length;
            } else if (property instanceof MqttProperties.UserProperties users) {
                for (MqttProperties.StringPair pair : users.value()) {
                    length += 5 + ByteBufUtil.utf8Bytes(pair.key) + ByteBufUtil.utf8Bytes(pair.value);
                }
            } else {
                length += 1 + integerWidth(property.propertyId());
            }
        }
        long remaining = 2 + varIntSize(length) + length;
        return 1 + varIntSize(remaining) + remaining;
    }

    /** The width of the integer properties a CONNACK carries (MQTT 5.0 section 3.2.2.3). */
    private static int integerWidth(int propertyId) {
        return switch (MqttPropertyType.valueOf(propertyId)) {
            case SESSION_EXPIRY_INTERVAL, MAXIMUM_PACKET_SIZE -> 4;
            case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM -> 2;
            default -> 1;
        };
    }

    /** The bytes of a Variable Byte Integer holding {@code value}. */
    static int varIntSize(long value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    static MqttMessage auth(AuthReasonCode reasonCode, String method, byte[] data) {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(
                MqttProperties.MqttPropertyType.AUTHENTICATION_METHOD.value(), method));
        if (data != null) {
            properties.add(new MqttProperties.BinaryProperty(
                    MqttProperties.MqttPropertyType.AUTHENTICATION_DATA.value(), data));
        }
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.AUTH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode.value(), properties));
    }

    /**
     * A Reason String property, when the client did not ask for none [MQTT-3.1.2-29] and it keeps
     * the packet within the client's Maximum Packet Size [MQTT-3.4.2-2], [MQTT-3.14.2-3].
     *
     * @param bodyBefore the bytes of the variable header before the properties
     */
    private static MqttProperties reasonString(ClientSettings client, String reason, int bodyBefore) {
        if (reason == null || !client.requestProblemInformation()) {
            return MqttProperties.NO_PROPERTIES;
        }
        if (client.maximumPacketSize() > 0) {
            long properties = 3L + ByteBufUtil.utf8Bytes(reason);
            long remaining = bodyBefore + varIntSize(properties) + properties;
            if (1 + varIntSize(remaining) + remaining > client.maximumPacketSize()) {
                return MqttProperties.NO_PROPERTIES;
            }
        }
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
        return properties;
    }
}
