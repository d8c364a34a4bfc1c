package dev.fountain.broker.protocol;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
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
        return new MqttMessage(fixed, new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode,
                reasonString(client, reason)));
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
    static MqttMessage disconnect(DisconnectReasonCode reasonCode, String reason) {
        MqttProperties properties = new MqttProperties();
        if (reason != null) {
            properties.add(new MqttProperties.StringProperty(
                    MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
        }
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode.value(), properties));
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

    private static MqttProperties reasonString(ClientSettings client, String reason) {
        if (reason == null || !client.requestProblemInformation()) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
        return properties;
    }
}
