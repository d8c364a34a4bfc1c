package dev.fountain.broker.local;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.routing.MemoryBudget;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.security.AccessControl;
import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import dev.fountain.topic.Topics;
import io.netty.buffer.ByteBuf;

/**
 * Publishing from inside the JVM, held to the rules a network client's PUBLISH meets: a valid topic
 * name within {@code max_topic_levels}, a QoS of 0 to 2, RETAIN only where {@code retain_available},
 * and for an in-process client, the ACL's write rules for its user.
 */
public final class LocalPublisher {

    private final Router router;
    private final BrokerConfig config;
    private final AccessControl access;
    private final BrokerStats stats;

    public LocalPublisher(Router router, BrokerConfig config, AccessControl access) {
        this(router, config, access, new BrokerStats());
    }

    /** @param stats where in-process publishes are counted, as received messages like a client's */
    public LocalPublisher(Router router, BrokerConfig config, AccessControl access, BrokerStats stats) {
        this.router = router;
        this.config = config;
        this.access = access;
        this.stats = stats;
    }

    /**
     * Publishes as the in-process client {@code client}, if the ACL lets its user write the topic.
     *
     * @throws NotAuthorisedException when it does not
     */
    void publish(LocalConnection client, String topic, ByteBuf payload, int qos, boolean retain,
            PublishProperties properties) {
        if (!access.canWrite(client.clientId(), client.username(), topic)) {
            payload.release();
            stats.count(Meter.DROPPED_ACL);
            throw new NotAuthorisedException("the ACL does not let " + client.describe() + " publish to '" + topic
                    + "'");
        }
        publish(topic, payload, qos, retain, properties, client.session());
    }

    /**
     * Why {@code client} may not subscribe to {@code filter}, or {@code null} when it may: the same
     * checks as for a network client's SUBSCRIBE.
     */
    String subscribeProblem(LocalConnection client, String filter) {
        String problem = filterProblem(filter);
        if (problem != null) {
            return problem;
        }
        return access.canSubscribe(client.clientId(), client.username(), filter) ? null
                : "the ACL does not let " + client.describe() + " read it (a deny line covers it, or no read line"
                        + " reaches it)";
    }

    /**
     * Routes a message from code that embeds the broker, which the ACL does not restrict; takes
     * ownership of {@code payload}. {@code publisher} is the session that publishes, for No Local,
     * or {@code null}.
     *
     * @throws IllegalArgumentException when the topic or QoS is invalid, saying why
     * @throws IllegalStateException when the broker holds {@code memory_limit} bytes already
     */
    public void publish(String topic, ByteBuf payload, int qos, boolean retain, PublishProperties properties,
            Object publisher) {
        String problem = topicProblem(topic);
        if (problem != null || qos < 0 || qos > 2) {
            payload.release();
            throw new IllegalArgumentException(problem != null
                    ? "invalid topic '" + topic + "': " + problem : "QoS must be 0, 1 or 2, was " + qos);
        }
        stats.here().received(qos);
        MemoryBudget memory = router.memory();
        if (!memory.take(payload.readableBytes())) {
            payload.release();
            stats.count(Meter.DROPPED_MEMORY_LIMIT);
            throw new IllegalStateException("the broker holds memory_limit (" + memory.limit()
                    + " bytes) of messages already; publish to '" + topic + "' refused");
        }
        Message message = new Message(topic, payload, qos, retain && config.retainAvailable(), properties,
                Message.NEVER, publisher).chargedTo(memory.limited() ? memory : null);
        try {
            router.publish(message);
        } finally {
            message.release();
        }
    }

    private String filterProblem(String filter) {
        String problem = Topics.filterProblem(filter);
        return problem != null ? problem : depthProblem(filter);
    }

    private String topicProblem(String topic) {
        String problem = Topics.nameProblem(topic);
        return problem != null ? problem : depthProblem(topic);
    }

    private String depthProblem(String topic) {
        return Topics.levelCount(topic) > config.maxTopicLevels()
                ? "it has more than max_topic_levels (" + config.maxTopicLevels() + ") levels" : null;
    }
}
