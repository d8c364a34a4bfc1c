package dev.fountain.broker.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Topic Alias (MQTT 5 section 3.3.2.3.4) on one connection, in both directions: the aliases the
 * client set on its PUBLISH packets to us, and the ones we set on ours to it. Touched only on the
 * connection's event loop. The connection makes this when an alias is first used, and each map
 * is made when its direction is first used: most clients use no aliases, and idle connections are
 * many.
 */
final class TopicAliases {

    /**
     * The broker's Topic Alias Maximum, announced in CONNACK: how many aliases a client may set
     * towards us; a higher one closes the connection [MQTT-3.3.2-9].
     */
    static final int SERVER_MAXIMUM = 64;

    /** The client's Topic Alias Maximum: how many aliases it lets us set (MQTT 5 section 3.1.2.11.5). */
    private final int clientMaximum;
    private Map<Integer, String> incoming;
    private Map<String, Integer> outgoing;

    TopicAliases(int clientMaximum) {
        this.clientMaximum = clientMaximum;
    }

    /** The topic an incoming alias stands for, or {@code null} when it was never set. */
    String incomingTopic(int alias) {
        return incoming == null ? null : incoming.get(alias);
    }

    /** A PUBLISH with a topic and an alias sets or replaces the alias [MQTT-3.3.2-12]. */
    void setIncoming(int alias, String topic) {
        if (incoming == null) {
            incoming = new HashMap<>();
        }
        incoming.put(alias, topic);
    }

    /**
     * The alias to send {@code topic} with: an existing one (negative: send the alias alone), a new
     * one (positive: send topic and alias to set it), or 0 when no alias is left. Aliases are handed
     * out first come first served and kept for the connection's life.
     */
    int outgoing(String topic) {
        if (outgoing == null) {
            outgoing = new HashMap<>();
        }
        Integer existing = outgoing.get(topic);
        if (existing != null) {
            return -existing;
        }
        if (outgoing.size() >= clientMaximum) {
            return 0;
        }
        int alias = outgoing.size() + 1;
        outgoing.put(topic, alias);
        return alias;
    }
}
