package dev.fountain.broker.protocol;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.session.Session;
import dev.fountain.topic.Topics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * Incoming PUBLISH and PUBREL (MQTT 3.1.1 sections 3.3 and 3.6), and Will Messages.
 *
 * <p>QoS 2 follows the specification's Method B (figure 4.3): the message is routed when its
 * PUBLISH first arrives and its packet identifier is remembered until PUBREL, so a retried
 * PUBLISH with DUP is acknowledged again but never routed twice. Mosquitto 2.0 holds the message
 * until PUBREL instead, one round trip later.
 */
final class PublishHandler {

    private final MqttConnection connection;
    private final BrokerContext broker;
    private final BrokerConfig config;
    private final BrokerLog log;

    PublishHandler(MqttConnection connection, BrokerContext broker) {
        this.connection = connection;
        this.broker = broker;
        this.config = broker.config();
        this.log = broker.log();
    }

    void publish(MqttPublishMessage publish) {
        MqttFixedHeader fixed = publish.fixedHeader();
        String topic = publish.variableHeader().topicName();
        int qos = fixed.qosLevel().value();
        int packetId = qos == 0 ? 0 : publish.variableHeader().packetId();
        ByteBuf content = publish.payload();
        int size = content.readableBytes();
        String clientId = connection.clientId();
        if (log.enabled(LogType.DEBUG)) {
            log.debug("Received PUBLISH from " + clientId + " "
                    + PacketLog.publish(fixed.isDup(), qos, fixed.isRetain(), packetId, topic, size));
        }
        String topicProblem = Topics.nameProblem(topic);
        if (topicProblem != null) {
            connection.protocolError("its PUBLISH topic is invalid: " + topicProblem);
            return;
        }
        if (fixed.isRetain() && !config.retainAvailable()) {
            connection.protocolError("it published a retained message and retain_available is false");
            return;
        }
        boolean tooLarge = config.messageSizeLimit() > 0 && size > config.messageSizeLimit();
        boolean allowed = broker.access().canWrite(clientId, connection.username(), topic);
        if (tooLarge) {
            log.notice("Dropped too large PUBLISH from " + clientId + " "
                    + PacketLog.publish(fixed.isDup(), qos, fixed.isRetain(), packetId, topic, size)
                    + ": message_size_limit is " + config.messageSizeLimit() + " bytes.");
        } else if (!allowed) {
            log.notice("Denied PUBLISH from " + clientId + " "
                    + PacketLog.publish(fixed.isDup(), qos, fixed.isRetain(), packetId, topic, size)
                    + ": the ACL does not let it write to this topic.");
        }
        boolean deliver = allowed && !tooLarge;
        Session session = connection.session();
        switch (qos) {
            case 0 -> {
                if (deliver) {
                    route(topic, content, 0, fixed.isRetain());
                }
            }
            case 1 -> {
                if (deliver) {
                    route(topic, content, 1, fixed.isRetain());
                }
                connection.debug("Sending PUBACK to " + clientId + " (m" + packetId + ", rc0)");
                connection.write(ack(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE, packetId));
            }
            default -> {
                if (session.firstQos2Publish(packetId) && deliver) {
                    route(topic, content, 2, fixed.isRetain());
                }
                connection.debug("Sending PUBREC to " + clientId + " (m" + packetId + ", rc0)");
                connection.write(ack(MqttMessageType.PUBREC, MqttQoS.AT_MOST_ONCE, packetId));
            }
        }
    }

    /** PUBREL: the QoS 2 exchange is done on our side; PUBCOMP even for an unknown identifier [MQTT-4.3.3-1]. */
    void release(int packetId) {
        connection.debug("Received PUBREL from " + connection.clientId() + " (Mid: " + packetId + ")");
        connection.session().released(packetId);
        connection.debug("Sending PUBCOMP to " + connection.clientId() + " (m" + packetId + ")");
        connection.write(ack(MqttMessageType.PUBCOMP, MqttQoS.AT_MOST_ONCE, packetId));
    }

    /** Publishes the Will Message of a connection that ended without DISCONNECT. */
    void publishWill(Will will) {
        connection.debug("Publishing will of " + connection.clientId() + " to '" + will.topic() + "'");
        Message message = new Message(will.topic(), Unpooled.wrappedBuffer(will.payload()), will.qos(), will.retain());
        try {
            broker.router().publish(message);
        } finally {
            message.release();
        }
    }

    private void route(String topic, ByteBuf content, int qos, boolean retain) {
        // The decoder's payload is a slice of the whole read buffer: copy it to its own exact-size
        // buffer so that a queued or retained message does not pin kilobytes of unrelated packets.
        ByteBuf payload = connection.context().alloc().directBuffer(content.readableBytes());
        payload.writeBytes(content, content.readerIndex(), content.readableBytes());
        Message message = new Message(topic, payload, qos, retain);
        try {
            broker.router().publish(message);
        } finally {
            message.release();
        }
    }

    private static MqttMessage ack(MqttMessageType type, MqttQoS qos, int packetId) {
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 2),
                MqttMessageIdVariableHeader.from(packetId));
    }
}
