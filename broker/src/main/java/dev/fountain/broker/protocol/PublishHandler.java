package dev.fountain.broker.protocol;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.routing.MemoryBudget;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.broker.session.Session;
import dev.fountain.broker.stats.Meter;
import dev.fountain.topic.Topics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

/**
 * Incoming PUBLISH and PUBREL (MQTT 3.1.1 sections 3.3 and 3.6, MQTT 5 the same), and Will
 * Messages.
 *
 * <p>QoS 2 follows the specification's Method B (figure 4.3): the message is routed when its
 * PUBLISH first arrives and its packet identifier is remembered until PUBREL, so a retried
 * PUBLISH with DUP is acknowledged again but never routed twice. Mosquitto 2.0 holds the message
 * until PUBREL instead, one round trip later.
 *
 * <p>MQTT 5 adds topic aliases, the properties that travel with the message, the message expiry
 * interval, the Receive Maximum the broker announced, and reason codes on the acknowledgements:
 * 0x10 when nobody was subscribed, 0x87 when the ACL refused, 0x97 when the payload was too large
 * or {@code memory_limit} was reached.
 */
final class PublishHandler {

    /** What {@link #route} returns when {@code memory_limit} refused the message. */
    private static final int MEMORY_LIMIT_REACHED = -2;
    /** What {@link #route} returns when {@code persistence_size_limit} refused the message. */
    private static final int STORE_FULL = -3;

    private final MqttConnection connection;
    private final BrokerContext broker;
    private final BrokerConfig config;
    private final BrokerLog log;
    /** Whether this connection already reported the store full, so a flood of refusals logs once. */
    private boolean storeFullReported;

    PublishHandler(MqttConnection connection, BrokerContext broker) {
        this.connection = connection;
        this.broker = broker;
        this.config = broker.config();
        this.log = broker.log();
    }

    void publish(MqttPublishMessage publish) {
        MqttFixedHeader fixed = publish.fixedHeader();
        int qos = fixed.qosLevel().value();
        int packetId = qos == 0 ? 0 : publish.variableHeader().packetId();
        MqttProperties properties = publish.variableHeader().properties();
        ClientSettings client = connection.client();
        String topic = topic(client, publish.variableHeader().topicName(), properties);
        if (topic == null) {
            return;
        }
        connection.tally().received(qos);
        ByteBuf content = publish.payload();
        int size = content.readableBytes();
        String clientId = connection.clientId();
        if (log.enabled(LogType.DEBUG)) {
            log.debug("Received PUBLISH from " + clientId + " "
                    + PacketLog.publish(fixed.isDup(), qos, fixed.isRetain(), packetId, topic, size));
        }
        if (fixed.isRetain() && !config.retainAvailable()) {
            connection.closeWithReason(DisconnectReasonCode.RETAIN_NOT_SUPPORTED,
                    "it published a retained message and retain_available is false");
            return;
        }
        Session session = connection.session();
        if (qos == 2 && client.isV5() && ReceiveMaximum.reachedByClient(session.unreleasedQos2Count())
                && !fixed.isDup()) {
            connection.closeWithReason(DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more than "
                    + ReceiveMaximum.SERVER + " QoS 2 messages without PUBREL [MQTT-3.3.4-9]");
            return;
        }
        PubackReasonCode reasonCode = PubackReasonCode.SUCCESS;
        String reason = null;
        if (config.messageSizeLimit() > 0 && size > config.messageSizeLimit()) {
            log.notice("Dropped too large PUBLISH from " + clientId + " "
                    + PacketLog.publish(fixed.isDup(), qos, fixed.isRetain(), packetId, topic, size)
                    + ": message_size_limit is " + config.messageSizeLimit() + " bytes.");
            reasonCode = PubackReasonCode.QUOTA_EXCEEDED;
            reason = "message_size_limit is " + config.messageSizeLimit() + " bytes";
            broker.stats().count(Meter.DROPPED_TOO_LARGE);
        } else if (!broker.access().canWrite(clientId, connection.username(), topic)) {
            log.notice("Denied PUBLISH from " + clientId + " "
                    + PacketLog.publish(fixed.isDup(), qos, fixed.isRetain(), packetId, topic, size)
                    + ": the ACL does not let it write to this topic.");
            reasonCode = PubackReasonCode.NOT_AUTHORIZED;
            reason = "acl_file does not allow publishing to this topic";
            broker.stats().count(Meter.DROPPED_ACL);
        }
        boolean deliver = reasonCode == PubackReasonCode.SUCCESS;
        switch (qos) {
            case 0 -> {
                if (deliver) {
                    route(topic, content, 0, fixed.isRetain(), properties);
                }
            }
            case 1 -> {
                int routed = deliver ? route(topic, content, 1, fixed.isRetain(), properties) : -1;
                if (routed == MEMORY_LIMIT_REACHED || routed == STORE_FULL) {
                    reasonCode = PubackReasonCode.QUOTA_EXCEEDED;
                    reason = routed == STORE_FULL ? "persistence_size_limit reached" : "memory_limit reached";
                } else if (routed == 0) {
                    reasonCode = PubackReasonCode.NO_MATCHING_SUBSCRIBERS;
                }
                if (connection.debugging()) {
                    connection.debug("Sending PUBACK to " + clientId + " (m" + packetId + ", rc" + reasonCode.value()
                            + ")");
                }
                connection.write(Packets.puback(client, packetId, reasonCode, reason));
            }
            default -> {
                int routed = session.firstQos2Publish(packetId) && deliver
                        ? route(topic, content, 2, fixed.isRetain(), properties) : -1;
                if (routed == MEMORY_LIMIT_REACHED || routed == STORE_FULL) {
                    reasonCode = PubackReasonCode.QUOTA_EXCEEDED;
                    reason = routed == STORE_FULL ? "persistence_size_limit reached" : "memory_limit reached";
                } else if (routed == 0) {
                    reasonCode = PubackReasonCode.NO_MATCHING_SUBSCRIBERS;
                }
                if (connection.debugging()) {
                    connection.debug("Sending PUBREC to " + clientId + " (m" + packetId + ", rc" + reasonCode.value()
                            + ")");
                }
                connection.write(Packets.pubrec(client, packetId, reasonCode, reason));
                if (reasonCode.isFailure()) {
                    // A refused QoS 2 exchange ends with the PUBREC (MQTT 5.0 section 4.3.3): forget
                    // the identifier.
                    session.released(packetId);
                }
            }
        }
    }

    /**
     * The topic of a PUBLISH, after its MQTT 5 Topic Alias: an alias with a topic sets it, an alias
     * with an empty topic uses it [MQTT-3.3.2-12]; {@code null} after closing for a bad one.
     */
    private String topic(ClientSettings client, String named, MqttProperties properties) {
        long alias = client.isV5() ? Properties.integer(properties, MqttPropertyType.TOPIC_ALIAS, -1) : -1;
        if (alias == 0) {
            connection.closeWithReason(DisconnectReasonCode.TOPIC_ALIAS_INVALID, "Topic Alias 0 [MQTT-3.3.2-8]");
            return null;
        }
        if (alias > TopicAliases.SERVER_MAXIMUM) {
            connection.closeWithReason(DisconnectReasonCode.TOPIC_ALIAS_INVALID, "Topic Alias " + alias
                    + " is above the Topic Alias Maximum " + TopicAliases.SERVER_MAXIMUM + " [MQTT-3.3.2-9]");
            return null;
        }
        String topic = named;
        if (alias > 0) {
            if (named.isEmpty()) {
                topic = connection.topicAliases().incomingTopic((int) alias);
                if (topic == null) {
                    connection.closeWithReason(DisconnectReasonCode.PROTOCOL_ERROR, "Topic Alias " + alias
                            + " was never set (MQTT 5.0 section 3.3.2.3.4)");
                    return null;
                }
            } else {
                connection.topicAliases().setIncoming((int) alias, named);
            }
        }
        String problem = Topics.nameProblem(topic);
        if (problem != null) {
            connection.closeWithReason(DisconnectReasonCode.TOPIC_NAME_INVALID, "its PUBLISH topic is invalid: " + problem);
            return null;
        }
        return TopicLevels.within(connection, config.maxTopicLevels(), topic, DisconnectReasonCode.TOPIC_NAME_INVALID,
                "its PUBLISH topic") ? topic : null;
    }

    /** PUBREL: the QoS 2 exchange is done on our side; PUBCOMP even for an unknown identifier [MQTT-4.3.3-1]. */
    void release(int packetId) {
        if (connection.debugging()) {
            connection.debug("Received PUBREL from " + connection.clientId() + " (Mid: " + packetId + ")");
        }
        boolean known = connection.session().released(packetId);
        if (connection.debugging()) {
            connection.debug("Sending PUBCOMP to " + connection.clientId() + " (m" + packetId + ")");
        }
        connection.write(Packets.pubcomp(connection.client(), packetId,
                known || !connection.client().isV5() ? PubrelReasonCode.SUCCESS : PubrelReasonCode.PACKET_IDENTIFIER_NOT_FOUND));
    }

    /** Publishes the Will Message of a connection that ended without a normal DISCONNECT. */
    void publishWill(Will will) {
        connection.debug("Publishing will of " + connection.clientId() + " to '" + will.topic() + "'");
        Message message = willMessage(will);
        try {
            broker.router().publish(message);
        } finally {
            message.release();
        }
    }

    /** The will as a message; the caller owns its one reference. */
    Message willMessage(Will will) {
        return new Message(will.topic(), Unpooled.wrappedBuffer(will.payload()), will.qos(), will.retain(),
                will.properties(), deadline(will.expirySeconds()), null);
    }

    /**
     * Routes a message.
     *
     * @return how many subscribers it went to, {@link #MEMORY_LIMIT_REACHED} or {@link #STORE_FULL}
     */
    private int route(String topic, ByteBuf content, int qos, boolean retain, MqttProperties properties) {
        if (qos > 0 && broker.store().full()) {
            if (!storeFullReported) {
                storeFullReported = true;
                log.warning("persistence_size_limit (" + config.persistence().sizeLimit() + " bytes) reached: QoS 1"
                        + " and 2 publishes are being refused, starting with one from " + connection.clientId() + ".");
            }
            return STORE_FULL;
        }
        storeFullReported = false;
        MemoryBudget memory = broker.router().memory();
        if (!memory.take(content.readableBytes())) {
            broker.stats().count(Meter.DROPPED_MEMORY_LIMIT);
            if (memory.firstRefusalOfRun()) {
                log.warning("memory_limit (" + memory.limit() + " bytes) reached: publishes are being dropped,"
                        + " starting with one from " + connection.clientId() + ".");
            }
            return MEMORY_LIMIT_REACHED;
        }
        // The decoder's payload is a slice of the whole read buffer: copy it to its own exact-size
        // buffer so that a queued or retained message does not pin kilobytes of unrelated packets.
        ByteBuf payload = connection.context().alloc().directBuffer(content.readableBytes());
        payload.writeBytes(content, content.readerIndex(), content.readableBytes());
        boolean v5 = connection.client().isV5();
        PublishProperties forwarded = v5 ? Properties.forwarded(properties) : PublishProperties.NONE;
        long expiry = v5 ? Properties.integer(properties, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1) : -1;
        Message message = new Message(topic, payload, qos, retain, forwarded, deadline(expiry), connection.session())
                .chargedTo(memory.limited() ? memory : null);
        try {
            return broker.router().publish(message);
        } finally {
            message.release();
        }
    }

    private static long deadline(long expirySeconds) {
        return expirySeconds < 0 ? Message.NEVER : System.nanoTime() + expirySeconds * 1_000_000_000L;
    }
}
