package dev.fountain.broker.protocol;

import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.HashMap;
import java.util.Map;

/**
 * What this connection's client told us about itself in CONNECT, and the topic aliases in use in
 * both directions (MQTT 5 section 3.3.2.3.4). Touched only on the connection's event loop.
 */
final class Peer {

    /** The broker's Topic Alias Maximum: how many aliases a client may set towards us. */
    static final int SERVER_TOPIC_ALIAS_MAXIMUM = 64;
    /** The broker's Receive Maximum: unreleased incoming QoS 2 messages allowed per client. */
    static final int SERVER_RECEIVE_MAXIMUM = 1024;

    MqttVersion version = MqttVersion.MQTT_3_1_1;
    /** The largest packet the client accepts; 0 when it set no limit. */
    long maximumPacketSize;
    /** How many aliases the client lets us set on PUBLISH packets to it. */
    int topicAliasMaximum;
    /** How many QoS 1 and 2 messages the client takes unacknowledged. */
    int receiveMaximum = 65_535;
    /** Whether reason strings may be sent on acknowledgements [MQTT-3.1.2-29]. */
    boolean problemInformation = true;
    /** The Session Expiry Interval as last set by CONNECT or DISCONNECT, in seconds. */
    long sessionExpirySeconds;

    // Made when first used: most clients use no aliases, and idle connections are many.
    private Map<Integer, String> incomingAliases;
    private Map<String, Integer> outgoingAliases;

    boolean isV5() {
        return version == MqttVersion.MQTT_5;
    }

    /** The topic an incoming alias stands for, or {@code null} when it was never set. */
    String aliasedTopic(int alias) {
        return incomingAliases == null ? null : incomingAliases.get(alias);
    }

    void setIncomingAlias(int alias, String topic) {
        if (incomingAliases == null) {
            incomingAliases = new HashMap<>();
        }
        incomingAliases.put(alias, topic);
    }

    /**
     * The alias to send {@code topic} with: an existing one (negative: send the alias alone), a new
     * one (positive: send topic and alias to set it), or 0 when no alias is left. Aliases are handed
     * out first come first served and kept for the connection's life.
     */
    int outgoingAlias(String topic) {
        if (outgoingAliases == null) {
            outgoingAliases = new HashMap<>();
        }
        Integer existing = outgoingAliases.get(topic);
        if (existing != null) {
            return -existing;
        }
        if (outgoingAliases.size() >= topicAliasMaximum) {
            return 0;
        }
        int alias = outgoingAliases.size() + 1;
        outgoingAliases.put(topic, alias);
        return alias;
    }
}
