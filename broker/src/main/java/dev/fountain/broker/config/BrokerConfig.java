package dev.fountain.broker.config;

import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import io.netty.util.internal.PlatformDependent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the broker is configured with, immutable. The names follow mosquitto.conf keys; the
 * defaults are Mosquitto 2.x's unless a comment says why ours differ.
 */
public final class BrokerConfig {

    /** Mosquitto's default port for MQTT over TCP. */
    public static final int DEFAULT_PORT = 1883;
    /**
     * Largest packet we accept when the configuration does not say. Mosquitto accepts the
     * protocol's limit (256 MiB), which lets one hostile client make the broker buffer 256 MiB per
     * connection; 1 MiB is what EMQX defaults to. {@code max_packet_size} or
     * {@code message_size_limit} raise it.
     */
    public static final int DEFAULT_MAX_PACKET_SIZE = 1024 * 1024;
    /** The protocol's own limit: the largest Remaining Length plus the fixed header. */
    public static final int PROTOCOL_MAX_PACKET_SIZE = 268_435_455 + 5;
    /**
     * Most levels a topic name or filter may have, as Mosquitto's compiled-in limit: without one, a
     * single anonymous PUBLISH of {@code ////...} makes every later walk of the topic trees work
     * through tens of thousands of levels.
     */
    public static final int DEFAULT_MAX_TOPIC_LEVELS = 200;
    /**
     * Payload bytes queued for one client when the configuration does not say. Mosquitto has no
     * limit, so a client that stops reading a stream of 1 MiB messages makes it hold 1,000 of
     * them: a gigabyte for one stalled client. With this, it costs at most 16 MiB, and
     * {@code max_queued_messages} still bounds a stream of small messages first.
     */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    /** A topic of 65,535 bytes, all separators, has this many (empty) levels. */
    public static final int PROTOCOL_MAX_TOPIC_LEVELS = 65_536;

    private final Path source;
    private final List<Listener> listeners;
    private final List<Listener> applicationListeners;
    private final boolean localOnly;
    private final boolean allowAnonymous;
    private final Path passwordFile;
    private final Path aclFile;
    private final int maxInflightMessages;
    private final int maxQueuedMessages;
    private final long maxQueuedBytes;
    private final boolean queueQos0Messages;
    private final int messageSizeLimit;
    private final int maxPacketSize;
    private final int maxKeepalive;
    private final int maxTopicLevels;
    private final long memoryLimit;
    private final boolean retainAvailable;
    private final boolean allowZeroLengthClientId;
    private final String autoIdPrefix;
    private final int maxConnections;
    private final Duration persistentClientExpiration;
    private final Persistence persistence;
    private final boolean connectionMessages;
    private final int sysIntervalSeconds;
    private final Set<LogType> logTypes;
    private final List<LogDestination> logDestinations;
    private final boolean logTimestamp;
    private final String logTimestampFormat;
    private final List<Bridge> bridges;
    private final List<String> warnings;

    private BrokerConfig(Builder b) {
        this.source = b.source;
        this.localOnly = b.listeners.isEmpty();
        List<Listener> opened = new ArrayList<>(localOnly
                ? List.of(Listener.mqtt(b.defaultPort, "127.0.0.1"), Listener.mqtt(b.defaultPort, "::1"))
                : b.listeners);
        opened.addAll(b.applicationListeners);
        this.applicationListeners = List.copyOf(b.applicationListeners);
        this.listeners = List.copyOf(opened);
        this.allowAnonymous = b.allowAnonymous != null ? b.allowAnonymous : localOnly;
        this.passwordFile = b.passwordFile;
        this.aclFile = b.aclFile;
        this.maxInflightMessages = b.maxInflightMessages;
        this.maxQueuedMessages = b.maxQueuedMessages;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.queueQos0Messages = b.queueQos0Messages;
        this.messageSizeLimit = b.messageSizeLimit;
        this.maxPacketSize = b.maxPacketSize > 0 ? b.maxPacketSize
                : b.messageSizeLimit > 0 ? Math.max(DEFAULT_MAX_PACKET_SIZE, b.messageSizeLimit + 65_535 + 16)
                : DEFAULT_MAX_PACKET_SIZE;
        this.maxKeepalive = b.maxKeepalive;
        this.maxTopicLevels = b.maxTopicLevels;
        this.memoryLimit = b.memoryLimit >= 0 ? b.memoryLimit : PlatformDependent.maxDirectMemory() / 2;
        this.retainAvailable = b.retainAvailable;
        this.allowZeroLengthClientId = b.allowZeroLengthClientId;
        this.autoIdPrefix = b.autoIdPrefix;
        this.maxConnections = b.maxConnections;
        this.persistentClientExpiration = b.persistentClientExpiration;
        this.persistence = b.persistence;
        this.connectionMessages = b.connectionMessages;
        this.sysIntervalSeconds = b.sysIntervalSeconds;
        this.logTypes = b.logTypes == null ? LogType.defaults() : EnumSet.copyOf(b.logTypes);
        this.logDestinations = b.logDestinations == null
                ? List.of(LogDestination.STDERR) : List.copyOf(b.logDestinations);
        this.logTimestamp = b.logTimestamp;
        this.logTimestampFormat = b.logTimestampFormat;
        this.bridges = List.copyOf(b.bridges);
        this.warnings = List.copyOf(b.warnings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The file this was read from, or {@code null} when built in code or with no config file. */
    public Path source() {
        return source;
    }

    /** Every socket to open; two loopback listeners (IPv4, IPv6) when none was configured. */
    public List<Listener> listeners() {
        return listeners;
    }

    /**
     * Whether {@code listener} is an application's own ({@code fountain.http.port}), which serves
     * {@code /metrics}, {@code /health} and the status page with or without an {@code http_dir}.
     */
    public boolean isApplicationListener(Listener listener) {
        return applicationListeners.contains(listener);
    }

    /** True when no listener was configured, so only loopback clients can connect. */
    public boolean localOnly() {
        return localOnly;
    }

    public boolean allowAnonymous() {
        return allowAnonymous;
    }

    public Path passwordFile() {
        return passwordFile;
    }

    public Path aclFile() {
        return aclFile;
    }

    /** QoS 1 and 2 messages in flight to one client at once; 0 means no limit. */
    public int maxInflightMessages() {
        return maxInflightMessages;
    }

    /** Messages queued for one client beyond those in flight; 0 means no limit. */
    public int maxQueuedMessages() {
        return maxQueuedMessages;
    }

    /** Payload bytes queued for one client beyond those in flight; 0 means no limit. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** Whether QoS 0 messages are queued for offline persistent sessions. */
    public boolean queueQos0Messages() {
        return queueQos0Messages;
    }

    /** Largest PUBLISH payload accepted; larger ones are acknowledged and dropped. 0: no limit. */
    public int messageSizeLimit() {
        return messageSizeLimit;
    }

    /** Largest packet accepted; a larger one closes the connection. */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** Largest keep-alive a client may ask for, in seconds. */
    public int maxKeepalive() {
        return maxKeepalive;
    }

    /** Most levels in a topic name or filter; a client that sends more is disconnected. */
    public int maxTopicLevels() {
        return maxTopicLevels;
    }

    /**
     * Bytes of message payload the broker may hold at once (retained, queued, in flight); past it,
     * new publishes are refused. 0 means no limit. Unless configured, half the direct memory the
     * JVM allows (payloads live there): publishes are refused well before an allocation fails.
     */
    public long memoryLimit() {
        return memoryLimit;
    }

    public boolean retainAvailable() {
        return retainAvailable;
    }

    public boolean allowZeroLengthClientId() {
        return allowZeroLengthClientId;
    }

    /** Prefix of the identifiers the broker assigns to clients that send an empty one. */
    public String autoIdPrefix() {
        return autoIdPrefix;
    }

    /** Most clients connected at once; -1 means no limit. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Whether and where sessions and retained messages are kept on disk. */
    public Persistence persistence() {
        return persistence;
    }

    /** How long a persistent session outlives its client, or {@code null} for ever. */
    public Duration persistentClientExpiration() {
        return persistentClientExpiration;
    }

    /** Whether connects and disconnects are logged. */
    public boolean connectionMessages() {
        return connectionMessages;
    }

    /** Seconds between updates of the {@code $SYS} topics ({@code sys_interval}); 0 publishes none. */
    public int sysIntervalSeconds() {
        return sysIntervalSeconds;
    }

    public Set<LogType> logTypes() {
        return EnumSet.copyOf(logTypes);
    }

    public List<LogDestination> logDestinations() {
        return logDestinations;
    }

    public boolean logTimestamp() {
        return logTimestamp;
    }

    /** A strftime format for log timestamps, or {@code null} for seconds since the epoch. */
    public String logTimestampFormat() {
        return logTimestampFormat;
    }

    /** The outgoing bridges, Mosquitto's {@code connection} blocks, in the order configured. */
    public List<Bridge> bridges() {
        return bridges;
    }

    /** Keys of the file that were read but have no effect yet, one sentence each. */
    public List<String> warnings() {
        return warnings;
    }

    /** Collects settings; anything not set keeps Mosquitto's default. */
    public static final class Builder {
        private Path source;
        private final List<Listener> listeners = new ArrayList<>();
        private final List<Listener> applicationListeners = new ArrayList<>();
        private int defaultPort = DEFAULT_PORT;
        private Boolean allowAnonymous;
        private Path passwordFile;
        private Path aclFile;
        private int maxInflightMessages = 20;
        private int maxQueuedMessages = 1000;
        private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
        private boolean queueQos0Messages;
        private int messageSizeLimit;
        private int maxPacketSize;
        private int maxKeepalive = 65_535;
        private int maxTopicLevels = DEFAULT_MAX_TOPIC_LEVELS;
        private long memoryLimit = -1;
        private boolean retainAvailable = true;
        private boolean allowZeroLengthClientId = true;
        private String autoIdPrefix = "auto-";
        private int maxConnections = -1;
        private Duration persistentClientExpiration;
        private Persistence persistence = Persistence.OFF;
        private boolean connectionMessages = true;
        private int sysIntervalSeconds = 10;
        private Set<LogType> logTypes;
        private List<LogDestination> logDestinations;
        private boolean logTimestamp = true;
        private String logTimestampFormat;
        private final List<Bridge> bridges = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        private Builder() {
        }

        public Builder source(Path file) {
            this.source = file;
            return this;
        }

        public Builder listener(Listener listener) {
            listeners.add(listener);
            return this;
        }

        /**
         * A listener an application adds beside the configured ones (its web page), which does not
         * count as configuring listeners: without any, the loopback defaults still open.
         */
        public Builder applicationListener(Listener listener) {
            applicationListeners.add(listener);
            return this;
        }

        /** Replaces the listener at {@code index}, for keys that refine the last one. */
        public Builder replaceListener(int index, Listener listener) {
            listeners.set(index, listener);
            return this;
        }

        public List<Listener> listeners() {
            return List.copyOf(listeners);
        }

        /**
         * The port of the loopback listeners used when no listener is configured ({@code -p}
         * without {@code -c}).
         */
        public Builder defaultPort(int port) {
            this.defaultPort = port;
            return this;
        }

        /**
         * Sets the port of every listener, or of the loopback ones when there are none: what
         * {@code -p} does on Mosquitto's command line.
         */
        public Builder overridePort(int port) {
            this.defaultPort = port;
            listeners.replaceAll(l -> l.withPort(port));
            return this;
        }

        public Builder allowAnonymous(boolean allow) {
            this.allowAnonymous = allow;
            return this;
        }

        public Builder passwordFile(Path file) {
            this.passwordFile = file;
            return this;
        }

        public Builder aclFile(Path file) {
            this.aclFile = file;
            return this;
        }

        public Builder maxInflightMessages(int count) {
            this.maxInflightMessages = count;
            return this;
        }

        public Builder maxQueuedMessages(int count) {
            this.maxQueuedMessages = count;
            return this;
        }

        public Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = bytes;
            return this;
        }

        public Builder queueQos0Messages(boolean queue) {
            this.queueQos0Messages = queue;
            return this;
        }

        public Builder messageSizeLimit(int bytes) {
            this.messageSizeLimit = bytes;
            return this;
        }

        public Builder maxPacketSize(int bytes) {
            this.maxPacketSize = bytes;
            return this;
        }

        public Builder maxTopicLevels(int levels) {
            this.maxTopicLevels = levels;
            return this;
        }

        public Builder memoryLimit(long bytes) {
            this.memoryLimit = bytes;
            return this;
        }

        public Builder maxKeepalive(int seconds) {
            this.maxKeepalive = seconds;
            return this;
        }

        public Builder retainAvailable(boolean available) {
            this.retainAvailable = available;
            return this;
        }

        public Builder allowZeroLengthClientId(boolean allow) {
            this.allowZeroLengthClientId = allow;
            return this;
        }

        public Builder autoIdPrefix(String prefix) {
            this.autoIdPrefix = prefix;
            return this;
        }

        public Builder maxConnections(int count) {
            this.maxConnections = count;
            return this;
        }

        public Builder persistence(Persistence settings) {
            this.persistence = settings;
            return this;
        }

        public Persistence persistence() {
            return persistence;
        }

        public Builder persistentClientExpiration(Duration expiration) {
            this.persistentClientExpiration = expiration;
            return this;
        }

        public Builder connectionMessages(boolean log) {
            this.connectionMessages = log;
            return this;
        }

        /** Mosquitto's {@code sys_interval}: seconds between {@code $SYS} updates, 10 by default; 0 for none. */
        public Builder sysInterval(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("sys_interval must be 0 or more, was " + seconds);
            }
            this.sysIntervalSeconds = seconds;
            return this;
        }

        /** Adds a category to those set so far; the first call replaces the defaults. */
        public Builder logType(LogType type) {
            if (logTypes == null) {
                logTypes = EnumSet.noneOf(LogType.class);
            }
            logTypes.add(type);
            return this;
        }

        /** Exactly these categories; an empty set logs nothing ({@code log_type none}). */
        public Builder logTypes(Set<LogType> types) {
            logTypes = EnumSet.noneOf(LogType.class);
            logTypes.addAll(types);
            return this;
        }

        /** Adds a destination to those set so far; the first call replaces the default (stderr). */
        public Builder logDestination(LogDestination destination) {
            if (logDestinations == null) {
                logDestinations = new ArrayList<>();
            }
            logDestinations.add(destination);
            return this;
        }

        /** No destination at all until one is added ({@code log_dest none}). */
        public Builder clearLogDestinations() {
            logDestinations = new ArrayList<>();
            return this;
        }

        public Builder logTimestamp(boolean timestamp) {
            this.logTimestamp = timestamp;
            return this;
        }

        public Builder logTimestampFormat(String format) {
            this.logTimestampFormat = format;
            return this;
        }

        /** Adds an outgoing bridge; its local client identifier must differ from every other bridge's. */
        public Builder bridge(Bridge bridge) {
            for (Bridge other : bridges) {
                if (other.localClientId().equals(bridge.localClientId())) {
                    throw new IllegalArgumentException("bridges '" + other.name() + "' and '" + bridge.name()
                            + "' both have the local client identifier '" + bridge.localClientId() + "'");
                }
            }
            bridges.add(bridge);
            return this;
        }

        public Builder warning(String warning) {
            warnings.add(warning);
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(this);
        }
    }
}
