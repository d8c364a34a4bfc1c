package dev.fountain.broker.bridge;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.routing.MemoryBudget;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.session.Session;
import dev.fountain.topic.Topics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

/**
 * Messages from the remote broker, published here as the bridge's local session: routed like a
 * client's PUBLISH, so subscribers' ACL read rules, retained messages and {@code memory_limit}
 * apply, and the bridge's own subscriptions, which have No Local, do not send them back out. The
 * bridge itself is not held to the ACL, as in Mosquitto 2.0.
 */
final class Inbound {

    private final String bridgeName;
    private final TopicMap topics;
    private final Router router;
    private final BrokerConfig config;
    private final BrokerLog log;

    Inbound(String bridgeName, TopicMap topics, Router router, BrokerConfig config, BrokerLog log) {
        this.bridgeName = bridgeName;
        this.topics = topics;
        this.router = router;
        this.config = config;
        this.log = log;
    }

    /**
     * Routes one incoming PUBLISH, or drops it saying why; the caller keeps the packet and
     * acknowledges it either way, since a message the remote broker sent again would be dropped again.
     */
    void route(MqttPublishMessage publish, boolean v5, Session publisher, ByteBufAllocator alloc) {
        String remoteTopic = publish.variableHeader().topicName();
        if (remoteTopic.isEmpty()) {
            // The bridge announces no Topic Alias Maximum, so the remote broker may not use aliases.
            log.warning("Bridge " + bridgeName + " dropped a PUBLISH without a topic: the remote broker used a topic "
                    + "alias the bridge did not allow.");
            return;
        }
        String topic = topics.toLocal(remoteTopic);
        if (Topics.levelCount(topic) > config.maxTopicLevels()) {
            log.warning("Bridge " + bridgeName + " dropped a message on '" + topic + "': it has more than "
                    + "max_topic_levels (" + config.maxTopicLevels() + ") levels.");
            return;
        }
        ByteBuf content = publish.payload();
        MemoryBudget memory = router.memory();
        if (!memory.take(content.readableBytes())) {
            if (memory.firstRefusalOfRun()) {
                log.warning("memory_limit (" + memory.limit() + " bytes) reached: publishes are being dropped, "
                        + "starting with one from bridge " + bridgeName + ".");
            }
            return;
        }
        // The decoder's payload is a slice of the whole read buffer: copy it once, to its own
        // exact-size buffer, so that a queued or retained message does not pin the rest.
        ByteBuf payload = alloc.directBuffer(content.readableBytes());
        payload.writeBytes(content, content.readerIndex(), content.readableBytes());
        MqttProperties properties = publish.variableHeader().properties();
        PublishProperties forwarded = v5 ? PublishProperties.of(properties) : PublishProperties.NONE;
        Message message = new Message(topic, payload, publish.fixedHeader().qosLevel().value(),
                publish.fixedHeader().isRetain() && config.retainAvailable(), forwarded,
                v5 ? deadline(properties) : Message.NEVER, publisher).chargedTo(memory.limited() ? memory : null);
        try {
            router.publish(message);
        } finally {
            message.release();
        }
    }

    private static long deadline(MqttProperties properties) {
        MqttProperties.MqttProperty<?> expiry = properties.getProperty(
                MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value());
        return expiry == null ? Message.NEVER
                : System.nanoTime() + (((Integer) expiry.value()) & 0xFFFF_FFFFL) * 1_000_000_000L;
    }
}
