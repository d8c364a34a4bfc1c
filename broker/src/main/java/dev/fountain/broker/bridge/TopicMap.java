package dev.fountain.broker.bridge;

import dev.fountain.broker.config.BridgeTopic;
import dev.fountain.topic.Topics;
import java.util.List;

/**
 * Mosquitto's topic remapping, as its {@code bridge__remap_topic_in} and the bridge branch of
 * {@code send__publish} do it: a message takes the first topic line, of those with a prefix and
 * the right direction, whose filter it matches on its side; that side's prefix comes off the front
 * (when the topic starts with it) and the other side's goes on. A message no such line matches
 * crosses unchanged.
 */
final class TopicMap {

    private final List<BridgeTopic> in;
    private final List<BridgeTopic> out;

    TopicMap(List<BridgeTopic> topics) {
        this.in = topics.stream().filter(topic -> topic.direction().in() && topic.remaps()).toList();
        this.out = topics.stream().filter(topic -> topic.direction().out() && topic.remaps()).toList();
    }

    /** The topic on the remote broker of a message published here as {@code localTopic}. */
    String toRemote(String localTopic) {
        for (BridgeTopic topic : out) {
            if (Topics.matches(topic.localTopic(), localTopic)) {
                return swap(localTopic, topic.localPrefix(), topic.remotePrefix());
            }
        }
        return localTopic;
    }

    /** The topic here of a message that arrived from the remote broker as {@code remoteTopic}. */
    String toLocal(String remoteTopic) {
        for (BridgeTopic topic : in) {
            if (Topics.matches(topic.remoteTopic(), remoteTopic)) {
                return swap(remoteTopic, topic.remotePrefix(), topic.localPrefix());
            }
        }
        return remoteTopic;
    }

    private static String swap(String topic, String from, String to) {
        String bare = from != null && topic.startsWith(from) ? topic.substring(from.length()) : topic;
        return to == null ? bare : to + bare;
    }
}
