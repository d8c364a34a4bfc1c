package dev.fountain.broker.local;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.broker.routing.Router;
import dev.fountain.topic.Topics;
import io.netty.buffer.ByteBuf;

/**
 * Publishing from inside the JVM, held to the rules a network client's PUBLISH meets: a valid topic
 * name within {@code max_topic_levels}, a QoS of 0 to 2, RETAIN only where {@code retain_available}.
 */
public final class LocalPublisher {

    private final Router router;
    private final BrokerConfig config;

    public LocalPublisher(Router router, BrokerConfig config) {
        this.router = router;
        this.config = config;
    }

    /**
     * Routes a message; takes ownership of {@code payload}. {@code publisher} is the session that
     * publishes, for No Local, or {@code null}.
     *
     * @throws IllegalArgumentException when the topic or QoS is invalid, saying why
     */
    public void publish(String topic, ByteBuf payload, int qos, boolean retain, PublishProperties properties,
            Object publisher) {
        String problem = topicProblem(topic);
        if (problem != null || qos < 0 || qos > 2) {
            payload.release();
            throw new IllegalArgumentException(problem != null
                    ? "invalid topic '" + topic + "': " + problem : "QoS must be 0, 1 or 2, was " + qos);
        }
        Message message = new Message(topic, payload, qos, retain && config.retainAvailable(), properties,
                Message.NEVER, publisher);
        try {
            router.publish(message);
        } finally {
            message.release();
        }
    }

    /** Why {@code filter} cannot be subscribed to, or {@code null} when it can. */
    String filterProblem(String filter) {
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
