package dev.fountain.broker.config;

import dev.fountain.broker.config.Listener.Protocol;
import dev.fountain.broker.config.Listener.SocketDomain;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Applies the lines of one configuration read, main file and included files alike, to a builder.
 * It keeps what Mosquitto keeps while reading: the listener the listener keys refine, Mosquitto's
 * default listener, and the security settings seen so far.
 */
final class ConfigReader {

    private static final List<String> PROTOCOLS = List.of("mqtt", "websockets");
    private static final List<String> SYNC_POLICIES = List.of("always", "interval", "none");
    private static final List<String> SOCKET_DOMAINS = List.of("ipv4", "ipv6");

    private final BrokerConfig.Builder into;
    private final LogSettings logging = new LogSettings();
    private final MosquittoKeys otherKeys = new MosquittoKeys();
    private final BridgeKeys bridges = new BridgeKeys();

    /** Index in the builder of the listener of the last {@code listener} line; -1 before one. */
    private int current = -1;
    /**
     * Mosquitto's default listener: {@code port} and {@code bind_address} configure it, and so do
     * the listener keys that come before any {@code listener} line. Mosquitto opens it, after the
     * others, as soon as one of them says anything.
     */
    private Listener defaultListener = Listener.mqtt(BrokerConfig.DEFAULT_PORT, null);
    private ConfigLine defaultListenerCreatedBy;
    private boolean defaultListenerNamed;
    private ConfigLine lastPort;
    private ConfigLine maxConnections;
    /** TLS and http_dir lines by the index of their listener; -1 for the default listener. */
    private final Map<Integer, ListenerKeys> listenerKeys = new TreeMap<>();

    private boolean perListenerSettings;
    private Boolean allowAnonymous;
    private final Map<String, ConfigLine> securityFiles = new HashMap<>();

    ConfigReader(BrokerConfig.Builder into) {
        this.into = into;
    }

    void warn(String warning) {
        into.warning(warning);
    }

    void apply(ConfigLine line) throws ConfigException {
        if (ListenerKeys.KEYS.contains(line.key())) {
            listenerKey(line);
            return;
        }
        if (BridgeKeys.KEYS.contains(line.key())) {
            bridges.read(line, into);
            return;
        }
        switch (line.key()) {
            case "listener" -> listener(line);
            case "port" -> port(line);
            case "bind_address" -> bindAddress(line);
            case "protocol" -> {
                Protocol protocol = Protocol.valueOf(line.oneOf(PROTOCOLS).toUpperCase(Locale.ROOT));
                refine(line, l -> l.withProtocol(protocol), protocol != Protocol.MQTT);
            }
            case "socket_domain" -> {
                SocketDomain domain = SocketDomain.valueOf(line.oneOf(SOCKET_DOMAINS).toUpperCase(Locale.ROOT));
                refine(line, l -> l.withSocketDomain(domain), true);
            }
            case "max_connections" -> maxConnections(line);
            case "allow_anonymous" -> allowAnonymous(line.bool());
            case "password_file" -> into.passwordFile(securityFile(line));
            case "acl_file" -> into.aclFile(securityFile(line));
            case "per_listener_settings" -> perListenerSettings(line);
            case "allow_zero_length_clientid" -> into.allowZeroLengthClientId(line.bool());
            case "auto_id_prefix" -> into.autoIdPrefix(line.text("a client identifier prefix"));
            case "max_inflight_messages" -> into.maxInflightMessages(line.number(0, 65_535));
            case "max_queued_messages" -> into.maxQueuedMessages(line.number(0, Integer.MAX_VALUE));
            case "max_queued_bytes" -> into.maxQueuedBytes(line.number(0L, Long.MAX_VALUE));
            case "queue_qos0_messages" -> into.queueQos0Messages(line.bool());
            // The largest payload MQTT can carry, as in Mosquitto.
            case "message_size_limit" -> into.messageSizeLimit(line.number(0, 268_435_455));
            // Mosquitto refuses less than 20 bytes; more than the protocol's limit could never arrive.
            case "max_packet_size" -> into.maxPacketSize(line.number(20, BrokerConfig.PROTOCOL_MAX_PACKET_SIZE));
            // Mosquitto 2.0 refuses less than 10 seconds, 2.1 takes 0 to 65535.
            case "max_keepalive" -> into.maxKeepalive(line.number(0, 65_535));
            // Fountain's own key: Mosquitto compiles its limit (200) in.
            case "max_topic_levels" -> into.maxTopicLevels(line.number(1, BrokerConfig.PROTOCOL_MAX_TOPIC_LEVELS));
            case "memory_limit" -> into.memoryLimit(line.number(0L, Long.MAX_VALUE));
            // retained_persistence is Mosquitto's old name for persistence.
            case "persistence", "retained_persistence" -> persistence(p -> p.withEnabled(line.bool()));
            case "persistence_location" -> persistence(p -> p.withDirectory(line.path("a directory")));
            case "persistence_file" -> persistence(p -> p.withFileName(storeFileName(line)));
            case "autosave_interval" -> persistence(p -> p.withAutosaveInterval(line.number(0L, Integer.MAX_VALUE)));
            case "autosave_on_changes" -> persistence(p -> p.withAutosaveOnChanges(line.bool()));
            // Fountain's own keys: Mosquitto has no choice of how often to fsync.
            case "persistence_sync" -> persistence(p -> p.withSync(
                    Persistence.Sync.valueOf(line.oneOf(SYNC_POLICIES).toUpperCase(Locale.ROOT))));
            case "persistence_sync_interval" -> persistence(p -> p.withSyncInterval(seconds(line, 0.001, 3600)));
            case "persistence_size_limit" -> persistence(p -> p.withSizeLimit(line.number(0L, Long.MAX_VALUE)));
            case "retain_available" -> into.retainAvailable(line.bool());
            // Mosquitto takes any number of seconds; a day between updates is as good as none.
            case "sys_interval" -> into.sysInterval(line.number(0, 86_400));
            case "persistent_client_expiration" -> into.persistentClientExpiration(line.expiration());
            case "connection_messages" -> into.connectionMessages(line.bool());
            case "log_type" -> logging.type(line, into);
            case "log_dest" -> logging.destination(line, into);
            case "log_timestamp" -> into.logTimestamp(line.bool());
            case "log_timestamp_format" -> into.logTimestampFormat(line.text("a strftime format"));
            default -> otherKeys.accept(line, into);
        }
    }

    /**
     * {@code listener <port> [<bind address>]}. Port 0 is Fountain's: Mosquitto takes it only with a
     * Unix socket path, so here, with a host or no address, it can mean "any free port", which
     * tests and side-by-side runs need.
     */
    private void listener(ConfigLine line) throws ConfigException {
        List<String> words = line.words();
        if (words.size() > 2) {
            throw line.wrong("a port and an optional bind address", String.join(" ", words));
        }
        int port = line.withValue(words.isEmpty() ? "" : words.get(0)).number(0, 65_535);
        String address = words.size() == 2 ? words.get(1) : null;
        if (port == 0 && address != null && address.contains("/")) {
            throw line.error("Unix socket listeners (port 0 and a path) are not supported yet, found '0 "
                    + address + "'");
        }
        into.listener(Listener.mqtt(port, address));
        current = into.listeners().size() - 1;
    }

    /** Mosquitto 2 deprecates {@code port} but still opens its default listener on all interfaces. */
    private void port(ConfigLine line) throws ConfigException {
        int port = line.number(1, 65_535);
        if (lastPort != null) {
            into.warning(line.warning("given again after " + lastPort.file() + ":" + lastPort.number()
                    + "; only the last port is used, as in Mosquitto"));
        }
        lastPort = line;
        defaultListener = defaultListener.withPort(port);
        createDefaultListener(line, true);
    }

    /**
     * Mosquitto's {@code bind_address} always binds its default listener, even after a
     * {@code listener} line: {@code listener 1884} then {@code bind_address 127.0.0.1} opens port
     * 1884 on every interface and port 1883 on 127.0.0.1 (checked with Mosquitto 2.0.11).
     */
    private void bindAddress(ConfigLine line) throws ConfigException {
        defaultListener = defaultListener.withBindAddress(line.word("an address or host name"));
        createDefaultListener(line, true);
        if (current >= 0) {
            Listener last = into.listeners().get(current);
            into.warning(line.warning("binds Mosquitto's default listener (port " + defaultListener.port()
                    + "), not the listener on port " + last.port() + " above it; to bind that one, write 'listener "
                    + last.port() + " " + defaultListener.bindAddress() + "'"));
        }
    }

    private void listenerKey(ConfigLine line) throws ConfigException {
        ListenerKeys keys = listenerKeys.computeIfAbsent(current, index -> new ListenerKeys());
        if (keys.read(line, into) && current < 0) {
            createDefaultListener(line, false);
        }
    }

    /** Changes the listener of the last {@code listener} line, or the default listener before one. */
    private void refine(ConfigLine line, UnaryOperator<Listener> change, boolean createsDefault) {
        if (current >= 0) {
            into.replaceListener(current, change.apply(into.listeners().get(current)));
            return;
        }
        defaultListener = change.apply(defaultListener);
        if (createsDefault) {
            createDefaultListener(line, false);
        }
    }

    /**
     * Per listener in Mosquitto; the builder has one limit for all listeners, so {@link #finish}
     * says so when there are several.
     */
    private void maxConnections(ConfigLine line) throws ConfigException {
        int limit = line.number(-1, Integer.MAX_VALUE);
        into.maxConnections(limit);
        maxConnections = line;
        if (current < 0) {
            createDefaultListener(line, false);
        }
    }

    private void createDefaultListener(ConfigLine line, boolean named) {
        if (defaultListenerCreatedBy == null) {
            defaultListenerCreatedBy = line;
        }
        defaultListenerNamed |= named;
    }

    private void allowAnonymous(boolean allow) {
        // With per_listener_settings each listener has its own value; the broker-wide one denies
        // anonymous access if any listener does, so nothing opens that was meant to be closed.
        allowAnonymous = perListenerSettings && allowAnonymous != null ? allowAnonymous && allow : allow;
        into.allowAnonymous(allowAnonymous);
    }

    /** A change to the persistence settings, which may throw for a bad value. */
    @FunctionalInterface
    private interface PersistenceChange {
        Persistence apply(Persistence persistence) throws ConfigException;
    }

    private void persistence(PersistenceChange change) throws ConfigException {
        into.persistence(change.apply(into.persistence()));
    }

    /** A number of seconds, fractions allowed ({@code 0.2}), from {@code min} to {@code max}. */
    private static Duration seconds(ConfigLine line, double min, double max) throws ConfigException {
        String expected = "seconds from " + min + " to " + max + ", such as 1 or 0.2";
        String word = line.word(expected);
        try {
            BigDecimal seconds = new BigDecimal(word);
            if (seconds.compareTo(BigDecimal.valueOf(min)) >= 0 && seconds.compareTo(BigDecimal.valueOf(max)) <= 0) {
                return Duration.ofNanos(seconds.movePointRight(9).longValue());
            }
        } catch (NumberFormatException e) {
            // reported below, with what was expected
        }
        throw line.wrong(expected, word);
    }

    /** A file name without a directory: Mosquitto puts {@code persistence_file} in {@code persistence_location}. */
    private static String storeFileName(ConfigLine line) throws ConfigException {
        String name = line.text("a file name");
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw line.wrong("a file name without a directory (persistence_location names the directory)", name);
        }
        return name;
    }

    /**
     * A password or ACL file. With per_listener_settings, listeners naming different files are an
     * error: applying one listener's ACL to all could let clients of another read what they must not.
     */
    private Path securityFile(ConfigLine line) throws ConfigException {
        Path file = line.path("a file name");
        ConfigLine earlier = securityFiles.put(line.key(), line);
        if (perListenerSettings && earlier != null && !earlier.value().equals(line.value())) {
            throw line.error("per_listener_settings is true, but Fountain applies one " + line.key()
                    + " to every listener, and " + earlier.file() + ":" + earlier.number() + " names '"
                    + earlier.value() + "'");
        }
        return file;
    }

    private void perListenerSettings(ConfigLine line) throws ConfigException {
        // "false" is what Fountain does: one set of security settings for every listener.
        if (line.bool() && !perListenerSettings) {
            perListenerSettings = true;
            into.warning(line.warning("Fountain applies the security settings to every listener: anonymous "
                    + "access is denied if any listener denies it, and different password or ACL files are an error"));
        }
    }

    /** Applies what can only be applied once every file has been read. */
    void finish() throws ConfigException {
        logging.finish(into);
        bridges.finish(into);
        for (Map.Entry<Integer, ListenerKeys> keys : listenerKeys.entrySet()) {
            int index = keys.getKey();
            if (index >= 0) {
                into.replaceListener(index, keys.getValue().applyTo(into.listeners().get(index), into));
            }
        }
        if (defaultListenerCreatedBy != null) {
            ListenerKeys keys = listenerKeys.get(-1);
            into.listener(keys == null ? defaultListener : keys.applyTo(defaultListener, into));
            if (!defaultListenerNamed) {
                into.warning(defaultListenerCreatedBy.warning("before any listener line this configures "
                        + "Mosquitto's default listener, so port " + defaultListener.port()
                        + " opens on all interfaces, as in Mosquitto; put it after a listener line to "
                        + "configure that listener instead"));
            }
        }
        int listeners = into.listeners().size();
        if (maxConnections != null && listeners > 1) {
            into.warning(maxConnections.warning("limits each listener on its own in Mosquitto; Fountain limits "
                    + "the clients of all " + listeners + " listeners together"));
        }
    }
}
