package dev.fountain.broker.protocol;

import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.session.Session;
import dev.fountain.topic.Topics;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE and UNSUBSCRIBE (MQTT 3.1.1 sections 3.8 and 3.10). Each filter gets its own return
 * code: a filter that is invalid or that the ACL refuses gets 0x80 in the SUBACK [MQTT-3.9.3-2]
 * while the others in the same packet still succeed. Retained messages matching a new filter
 * follow the SUBACK.
 */
final class SubscribeHandler {

    private static final int FAILURE = 0x80;

    private final MqttConnection connection;
    private final BrokerContext broker;
    private final BrokerLog log;

    SubscribeHandler(MqttConnection connection, BrokerContext broker) {
        this.connection = connection;
        this.broker = broker;
        this.log = broker.log();
    }

    void subscribe(MqttSubscribeMessage subscribe) {
        String clientId = connection.clientId();
        int packetId = subscribe.variableHeader().messageId();
        List<MqttTopicSubscription> requested = subscribe.payload().topicSubscriptions();
        connection.debug("Received SUBSCRIBE from " + clientId);
        if (requested.isEmpty()) {
            connection.protocolError("its SUBSCRIBE has no topic filter [MQTT-3.8.3-3]");
            return;
        }
        Session session = connection.session();
        List<Integer> codes = new ArrayList<>(requested.size());
        List<String> granted = new ArrayList<>(requested.size());
        for (MqttTopicSubscription entry : requested) {
            String filter = entry.topicFilter();
            int qos = entry.qualityOfService().value();
            connection.debug("\t" + filter + " (QoS " + qos + ")");
            String problem = Topics.filterProblem(filter);
            if (problem != null) {
                log.notice("Client " + clientId + " subscription to '" + filter + "' refused: " + problem + ".");
                codes.add(FAILURE);
                continue;
            }
            if (!broker.access().canSubscribe(clientId, connection.username(), filter)) {
                log.notice("Client " + clientId + " subscription to '" + filter
                        + "' refused by acl_file: a deny line covers it, or no read line reaches it.");
                codes.add(FAILURE);
                continue;
            }
            session.subscribe(filter, qos);
            if (log.enabled(LogType.SUBSCRIBE)) {
                log.log(LogType.SUBSCRIBE, clientId + " " + qos + " " + filter);
            }
            codes.add(qos);
            granted.add(filter);
        }
        connection.debug("Sending SUBACK to " + clientId);
        connection.write(new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(packetId),
                new MqttSubAckPayload(codes)));
        for (int i = 0, g = 0; i < requested.size(); i++) {
            if (codes.get(i) != FAILURE) {
                sendRetained(session, granted.get(g++), codes.get(i));
            }
        }
    }

    /**
     * Retained messages for a new or renewed subscription [MQTT-3.3.1-6], [MQTT-3.8.4-3]; none for a
     * shared subscription, whose members would each get a copy (MQTT 5.0 section 4.8.2: retained
     * messages are not sent to a session when it establishes a shared subscription).
     */
    private void sendRetained(Session session, String filter, int grantedQos) {
        if (Topics.isShared(filter)) {
            return;
        }
        broker.router().retained().forEachMatching(filter, message -> {
            if (broker.access().canRead(session, message.topic())) {
                session.deliverRetained(message, Math.min(grantedQos, message.qos()));
            } else {
                message.release();
            }
        });
    }

    void unsubscribe(MqttUnsubscribeMessage unsubscribe) {
        String clientId = connection.clientId();
        List<String> filters = unsubscribe.payload().topics();
        connection.debug("Received UNSUBSCRIBE from " + clientId);
        if (filters.isEmpty()) {
            connection.protocolError("its UNSUBSCRIBE has no topic filter [MQTT-3.10.3-2]");
            return;
        }
        Session session = connection.session();
        for (String filter : filters) {
            connection.debug("\t" + filter);
            session.unsubscribe(filter);
            if (log.enabled(LogType.UNSUBSCRIBE)) {
                log.log(LogType.UNSUBSCRIBE, clientId + " " + filter);
            }
        }
        connection.debug("Sending UNSUBACK to " + clientId);
        connection.write(new MqttUnsubAckMessage(
                new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(unsubscribe.variableHeader().messageId())));
    }
}
