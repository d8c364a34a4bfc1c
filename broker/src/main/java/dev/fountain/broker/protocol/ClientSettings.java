package dev.fountain.broker.protocol;

import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a client's CONNECT fixes for the life of its connection (MQTT 5 section 3.1.2): its protocol
 * version, its Keep Alive, and the limits an MQTT 5 client sets in the CONNECT properties. Made
 * once, by {@link #of}, as the CONNECT is read, because even refusing it depends on the version and
 * on Request Problem Information; an MQTT 3.1.1 client gets what its protocol implies.
 *
 * @param keepAliveSeconds the Keep Alive in force: the client's, or {@code max_keepalive} when
 *     that is lower and the client speaks MQTT 5 ({@link KeepAlive})
 * @param serverKeepAlive whether the broker set the Keep Alive, so CONNACK must say so
 * @param receiveMaximum how many QoS 1 and 2 messages the client takes unacknowledged
 *     ({@link ReceiveMaximum})
 * @param maximumPacketSize the largest packet the client accepts; 0 when it set no limit
 * @param topicAliasMaximum how many aliases the client lets us set on PUBLISH packets to it
 *     ({@link TopicAliases})
 * @param requestProblemInformation whether reason strings may be sent on acknowledgements
 *     [MQTT-3.1.2-29]
 * @param bridge whether the client is another broker's bridge, which marked its CONNECT's protocol
 *     level as Mosquitto's bridges do ({@link PacketFramer})
 */
record ClientSettings(MqttVersion version, int keepAliveSeconds, boolean serverKeepAlive, int receiveMaximum,
        long maximumPacketSize, int topicAliasMaximum, boolean requestProblemInformation, boolean bridge) {

    private static final int MQTT_3_SHARED = 256;
    private static final ConcurrentHashMap<Integer, ClientSettings> MQTT_3 = new ConcurrentHashMap<>();

    /** Until a CONNECT is read: what a refusal of an unreadable one is answered with. */
    static final ClientSettings BEFORE_CONNECT = new ClientSettings(MqttVersion.MQTT_3_1_1, 0, false,
            ReceiveMaximum.DEFAULT, 0, 0, true, false);

    /**
     * The settings of {@code header}'s CONNECT, once {@link #propertiesProblem} found nothing wrong
     * with them.
     *
     * @param maxKeepalive the broker's {@code max_keepalive}, 0 for none
     * @param bridge whether the CONNECT came from a bridge; never an MQTT 5 one
     */
    static ClientSettings of(MqttVersion version, MqttConnectVariableHeader header, int maxKeepalive, boolean bridge) {
        int keepAlive = header.keepAliveTimeSeconds();
        if (version != MqttVersion.MQTT_5) {
            // Version, Keep Alive and bridge are all an MQTT 3.1/3.1.1 CONNECT fixes: connections
            // share one value per combination, up to a bound a client cannot push the cache past.
            int key = version.protocolLevel() << 17 | (bridge ? 1 << 16 : 0) | keepAlive;
            ClientSettings shared = MQTT_3.get(key);
            if (shared == null) {
                shared = new ClientSettings(version, keepAlive, false, ReceiveMaximum.DEFAULT, 0, 0, true, bridge);
                if (MQTT_3.size() < MQTT_3_SHARED) {
                    MQTT_3.putIfAbsent(key, shared);
                }
            }
            return shared;
        }
        MqttProperties properties = header.properties();
        boolean serverKeepAlive = KeepAlive.exceedsMaximum(keepAlive, maxKeepalive);
        return new ClientSettings(version, serverKeepAlive ? maxKeepalive : keepAlive, serverKeepAlive,
                (int) Properties.integer(properties, MqttPropertyType.RECEIVE_MAXIMUM, ReceiveMaximum.DEFAULT),
                Properties.integer(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, 0),
                (int) Properties.integer(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0),
                Properties.integer(properties, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1) != 0, false);
    }

    /** Why an MQTT 5 CONNECT's properties are a protocol error, or {@code null} when they are not. */
    static String propertiesProblem(MqttProperties properties) {
        if (Properties.integer(properties, MqttPropertyType.RECEIVE_MAXIMUM, ReceiveMaximum.DEFAULT) == 0
                || properties.getProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value()) != null
                && Properties.integer(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, 0) == 0) {
            return "its CONNECT sets Receive Maximum or Maximum Packet Size to 0"
                    + " (MQTT 5.0 sections 3.1.2.11.3 and 3.1.2.11.4)";
        }
        return null;
    }

    boolean isV5() {
        return version == MqttVersion.MQTT_5;
    }
}
