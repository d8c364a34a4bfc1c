package dev.fountain.broker.protocol;

import dev.fountain.topic.Topics;

/**
 * {@code max_topic_levels}: a topic name or filter deeper than the limit closes the connection, as
 * Mosquitto closes a client past its limit of 200, because the depth of every tree walk in the
 * broker is the client's choice otherwise.
 */
final class TopicLevels {

    private TopicLevels() {
    }

    /**
     * Whether {@code topic} (a name or filter) has no more levels than {@code limit}; when it has
     * more, closes {@code connection} with {@code reasonCode}.
     */
    static boolean within(MqttConnection connection, int limit, String topic, DisconnectReasonCode reasonCode,
            String what) {
        int levels = Topics.levelCount(topic);
        if (levels <= limit) {
            return true;
        }
        connection.closeWithReason(reasonCode, what + " has " + levels + " topic levels, more than max_topic_levels ("
                + limit + ")");
        return false;
    }
}
