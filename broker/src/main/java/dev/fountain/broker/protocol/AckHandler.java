package dev.fountain.broker.protocol;

import dev.fountain.broker.session.AckOutcome;
import dev.fountain.broker.session.Session;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;

/**
 * The client's acknowledgements of what the broker sent it: PUBACK, PUBREC and PUBCOMP (MQTT 3.1.1
 * sections 3.4, 3.5, 3.7). An MQTT 5 PUBREC with a failure code ends that QoS 2 exchange without
 * PUBREL (MQTT 5.0 section 4.3.3).
 */
final class AckHandler {

    private final MqttConnection connection;

    AckHandler(MqttConnection connection) {
        this.connection = connection;
    }

    void handle(MqttMessage packet) {
        int id = ((MqttMessageIdVariableHeader) packet.variableHeader()).messageId();
        // The client's code, as it sent it: one this broker has no constant for is still logged.
        int reasonCode = packet.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
                ? reply.reasonCode() & 0xFF : PubackReasonCode.SUCCESS.value();
        Session session = connection.session();
        String clientId = connection.clientId();
        MqttMessageType type = packet.fixedHeader().messageType();
        AckOutcome outcome = switch (type) {
            case PUBACK -> {
                if (connection.debugging()) {
                    connection.debug("Received PUBACK from " + clientId + " (Mid: " + id + ", RC:" + reasonCode + ")");
                }
                yield session.acknowledged(id);
            }
            case PUBREC -> {
                if (connection.debugging()) {
                    connection.debug("Received PUBREC from " + clientId + " (Mid: " + id + ")");
                }
                yield session.received(id);
            }
            case PUBCOMP -> {
                if (connection.debugging()) {
                    connection.debug("Received PUBCOMP from " + clientId + " (Mid: " + id + ", RC:" + reasonCode + ")");
                }
                yield session.completed(id);
            }
            default -> throw new IllegalArgumentException(type + " is not an ack");
        };
        if (outcome == AckOutcome.WRONG_KIND) {
            connection.protocolError(type + " for message " + id + ", which is in flight at another QoS or stage");
            return;
        }
        if (type == MqttMessageType.PUBREC) {
            if (PubackReasonCode.isFailure(reasonCode)) {
                session.completed(id);
            } else {
                connection.sendPubrel(id, outcome == AckOutcome.DONE || !connection.client().isV5()
                        ? PubrelReasonCode.SUCCESS : PubrelReasonCode.PACKET_IDENTIFIER_NOT_FOUND);
            }
        }
    }

    static boolean isAck(MqttMessageType type) {
        return type == MqttMessageType.PUBACK || type == MqttMessageType.PUBREC || type == MqttMessageType.PUBCOMP;
    }
}
