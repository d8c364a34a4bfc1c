package dev.fountain.broker.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An outgoing bridge: a connection from this broker to a remote one, Mosquitto's
 * {@code connection} block. The names and defaults are Mosquitto 2.0's (mosquitto.conf(5),
 * "Configuring Bridges", checked against its {@code conf.c}).
 *
 * @param name the {@code connection} name
 * @param addresses where the remote broker listens, tried in turn ({@code address})
 * @param roundRobin {@code round_robin}: false treats the first address as the main one and goes
 *     back to it when it is reachable again
 * @param remoteClientId the client identifier on the remote broker
 * @param remoteUsername the user name on the remote broker, or {@code null}
 * @param remotePassword the password on the remote broker, or {@code null}
 * @param localClientId the identifier of the bridge's session on this broker
 * @param cleanSession {@code cleansession}: false keeps the remote subscriptions across reconnects
 * @param keepAliveSeconds {@code keepalive_interval}
 * @param tryPrivate {@code try_private}: tell a 3.1 or 3.1.1 remote broker that this is a bridge, by
 *     setting the high bit of the protocol level
 * @param notifications {@code notifications}: publish 1 and 0 on {@link #notificationTopic} as the
 *     connection comes and goes
 * @param notificationsLocalOnly {@code notifications_local_only}: publish them on this broker only
 * @param tls TLS to the remote broker, or {@code null} for plain TCP
 * @param outgoingRetain {@code bridge_outgoing_retain}: false clears RETAIN on outgoing messages
 * @param attemptUnsubscribe {@code bridge_attempt_unsubscribe}: unsubscribe remotely from
 *     outgoing-only topics on connect, in case an earlier configuration subscribed to them
 * @param maxPacketSize {@code bridge_max_packet_size}: the largest PUBLISH sent to the remote
 *     broker, 0 for no limit of our own
 */
public record Bridge(String name, List<Address> addresses, boolean roundRobin, List<BridgeTopic> topics,
        String remoteClientId, String remoteUsername, String remotePassword, String localClientId,
        boolean cleanSession, ProtocolVersion protocolVersion, int keepAliveSeconds, RestartTimeout restartTimeout,
        StartType startType, boolean tryPrivate, boolean notifications, boolean notificationsLocalOnly,
        String notificationTopic, BridgeTls tls, boolean outgoingRetain, boolean attemptUnsubscribe,
        int maxPacketSize) {

    /** Mosquitto's default port, for an address without one. */
    public static final int DEFAULT_PORT = 1883;
    /** Mosquitto refuses shorter keep-alive intervals and uses 5 seconds instead. */
    public static final int MIN_KEEP_ALIVE = 5;

    /** One {@code host[:port]} of {@code address}. */
    public record Address(String host, int port) {
        public Address {
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("an address needs a host");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("the port must be from 1 to 65535, was " + port);
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** {@code bridge_protocol_version}, by its value in mosquitto.conf. */
    public enum ProtocolVersion {
        MQTT_3_1("mqttv31"), MQTT_3_1_1("mqttv311"), MQTT_5("mqttv50");

        private final String configName;

        ProtocolVersion(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /** {@code start_type}: Mosquitto's lazy start is not built. */
    public enum StartType {
        /** Connect at startup and again after every failure. */
        AUTOMATIC,
        /** Connect at startup, and not again once the connection is lost. */
        ONCE
    }

    /**
     * {@code restart_timeout}: how long to wait before connecting again. With a cap, Mosquitto's
     * "decorrelated jitter": each wait is random between the base and three times the last one, at
     * most the cap, and back to the base after a successful connection. Without one (0), always
     * the base.
     */
    public record RestartTimeout(int baseSeconds, int capSeconds) {
        /** Mosquitto's default: jitter from 5 to 30 seconds. */
        public static final RestartTimeout DEFAULT = new RestartTimeout(5, 30);

        public RestartTimeout {
            if (baseSeconds < 1) {
                throw new IllegalArgumentException("the restart timeout must be at least 1 second, was " + baseSeconds);
            }
            if (capSeconds != 0 && capSeconds < baseSeconds) {
                throw new IllegalArgumentException("the backoff cap (" + capSeconds + " s) is lower than its base ("
                        + baseSeconds + " s)");
            }
        }

        /** The same wait every time. */
        public static RestartTimeout constant(int seconds) {
            return new RestartTimeout(seconds, 0);
        }

        public boolean backoff() {
            return capSeconds > 0;
        }
    }

    public Bridge {
        addresses = List.copyOf(addresses);
        topics = List.copyOf(topics);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("bridge '" + name + "' has no address to connect to; add "
                    + "'address host[:port]'");
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("bridge '" + name + "' has no topic, so it would carry nothing; add "
                    + "'topic <pattern> [in|out|both] [qos] [local prefix] [remote prefix]'");
        }
        if (remotePassword != null && remoteUsername == null && protocolVersion != ProtocolVersion.MQTT_5) {
            throw new IllegalArgumentException("a remote password needs a remote user name: MQTT " + (protocolVersion
                    == ProtocolVersion.MQTT_3_1 ? "3.1" : "3.1.1") + " has no password without one [MQTT-3.1.2-22]");
        }
        if (protocolVersion == ProtocolVersion.MQTT_3_1 && remoteClientId.length() > 23) {
            throw new IllegalArgumentException("MQTT 3.1 allows client identifiers of at most 23 characters, and '"
                    + remoteClientId + "' has " + remoteClientId.length() + "; set a shorter remote_clientid");
        }
        if (keepAliveSeconds < MIN_KEEP_ALIVE || keepAliveSeconds > 65_535) {
            throw new IllegalArgumentException("the keep-alive interval must be from " + MIN_KEEP_ALIVE
                    + " to 65535 seconds, was " + keepAliveSeconds);
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Mosquitto's default remote client identifier, {@code <hostname>.<connection name>}, where the
     * host name is the kernel's, as {@code gethostname} returns it.
     */
    static String defaultRemoteClientId(String name) {
        return hostname() + "." + name;
    }

    private static String hostname() {
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        try {
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Collects a bridge's settings; what is not set keeps Mosquitto's default. */
    public static final class Builder {
        private final String name;
        private final List<Address> addresses = new ArrayList<>();
        private boolean roundRobin;
        private final List<BridgeTopic> topics = new ArrayList<>();
        private String remoteClientId;
        private String remoteUsername;
        private String remotePassword;
        private String localClientId;
        private boolean cleanSession;
        private ProtocolVersion protocolVersion = ProtocolVersion.MQTT_3_1_1;
        private int keepAliveSeconds = 60;
        private RestartTimeout restartTimeout = RestartTimeout.DEFAULT;
        private StartType startType = StartType.AUTOMATIC;
        private boolean tryPrivate = true;
        private boolean notifications = true;
        private boolean notificationsLocalOnly;
        private String notificationTopic;
        private BridgeTls tls;
        private boolean outgoingRetain = true;
        private boolean attemptUnsubscribe = true;
        private int maxPacketSize;

        private Builder(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a bridge needs a name");
            }
            this.name = name;
        }

        public String name() {
            return name;
        }

        public Builder address(String host, int port) {
            addresses.add(new Address(host, port));
            return this;
        }

        public Builder address(Address address) {
            addresses.add(address);
            return this;
        }

        public Builder roundRobin(boolean roundRobin) {
            this.roundRobin = roundRobin;
            return this;
        }

        public Builder topic(BridgeTopic topic) {
            topics.add(topic);
            return this;
        }

        public Builder remoteClientId(String clientId) {
            this.remoteClientId = clientId;
            return this;
        }

        public Builder remoteUsername(String username) {
            this.remoteUsername = username;
            return this;
        }

        public Builder remotePassword(String password) {
            this.remotePassword = password;
            return this;
        }

        public Builder localClientId(String clientId) {
            this.localClientId = clientId;
            return this;
        }

        public Builder cleanSession(boolean clean) {
            this.cleanSession = clean;
            return this;
        }

        public Builder protocolVersion(ProtocolVersion version) {
            this.protocolVersion = version;
            return this;
        }

        public Builder keepAliveSeconds(int seconds) {
            this.keepAliveSeconds = seconds;
            return this;
        }

        public Builder restartTimeout(RestartTimeout timeout) {
            this.restartTimeout = timeout;
            return this;
        }

        public Builder startType(StartType type) {
            this.startType = type;
            return this;
        }

        public Builder tryPrivate(boolean tryPrivate) {
            this.tryPrivate = tryPrivate;
            return this;
        }

        public Builder notifications(boolean notifications) {
            this.notifications = notifications;
            return this;
        }

        public Builder notificationsLocalOnly(boolean localOnly) {
            this.notificationsLocalOnly = localOnly;
            return this;
        }

        public Builder notificationTopic(String topic) {
            this.notificationTopic = topic;
            return this;
        }

        public Builder tls(BridgeTls settings) {
            this.tls = settings;
            return this;
        }

        public Builder outgoingRetain(boolean retain) {
            this.outgoingRetain = retain;
            return this;
        }

        public Builder attemptUnsubscribe(boolean attempt) {
            this.attemptUnsubscribe = attempt;
            return this;
        }

        public Builder maxPacketSize(int bytes) {
            this.maxPacketSize = bytes;
            return this;
        }

        /**
         * The bridge, with Mosquitto's derived defaults: remote client identifier
         * {@code <hostname>.<name>}, local one {@code local.<remote client identifier>}, notification
         * topic {@code $SYS/broker/connection/<remote client identifier>/state}.
         *
         * @throws IllegalArgumentException when the settings do not make a bridge, saying why
         */
        public Bridge build() {
            String remoteId = remoteClientId != null ? remoteClientId : defaultRemoteClientId(name);
            return new Bridge(name, addresses, roundRobin, topics, remoteId, remoteUsername, remotePassword,
                    localClientId != null ? localClientId : "local." + remoteId, cleanSession, protocolVersion,
                    keepAliveSeconds, restartTimeout, startType, tryPrivate, notifications, notificationsLocalOnly,
                    notificationTopic != null ? notificationTopic : "$SYS/broker/connection/" + remoteId + "/state",
                    tls, outgoingRetain, attemptUnsubscribe, maxPacketSize);
        }
    }
}
