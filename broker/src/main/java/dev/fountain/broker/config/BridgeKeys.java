package dev.fountain.broker.config;

import dev.fountain.broker.config.Bridge.ProtocolVersion;
import dev.fountain.broker.config.Bridge.RestartTimeout;
import dev.fountain.broker.config.Bridge.StartType;
import dev.fountain.broker.config.BridgeTopic.Direction;
import dev.fountain.topic.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code connection} blocks of mosquitto.conf: each {@code connection} line starts a bridge and
 * the bridge keys after it, up to the next {@code connection}, configure it, as in Mosquitto. A
 * bridge is checked when every file has been read, because its keys may come in any order; each
 * problem names the line that has it.
 */
final class BridgeKeys {

    /** The bridge keys Fountain applies; {@code clientid}, {@code username} and {@code password} are old names. */
    static final Set<String> APPLIED = Set.of("connection", "address", "addresses", "topic", "remote_clientid",
            "clientid", "remote_username", "username", "remote_password", "password", "local_clientid", "cleansession",
            "local_cleansession", "bridge_protocol_version", "keepalive_interval", "restart_timeout", "round_robin",
            "start_type", "try_private", "notifications", "notifications_local_only", "notification_topic",
            "bridge_cafile", "bridge_capath", "bridge_certfile", "bridge_keyfile", "bridge_insecure",
            "bridge_outgoing_retain", "bridge_attempt_unsubscribe", "bridge_max_packet_size");

    /** The bridge keys Fountain accepts with a warning, and why they have no effect. */
    private static final Map<String, String> WARNED = warned();

    /** Every key of a bridge. */
    static final Set<String> KEYS = Stream.concat(APPLIED.stream(), WARNED.keySet().stream())
            .collect(Collectors.toUnmodifiableSet());

    private static final List<String> PROTOCOL_VERSIONS = Stream.of(ProtocolVersion.values())
            .map(ProtocolVersion::configName).toList();
    private static final List<String> START_TYPES = List.of("automatic", "lazy", "once", "manual");
    private static final List<String> TLS_KEYS = List.of("bridge_cafile", "bridge_capath", "bridge_certfile",
            "bridge_keyfile");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final List<Block> blocks = new ArrayList<>();
    private Block current;

    /** One {@code connection} block as read so far. */
    private static final class Block {
        final ConfigLine connection;
        final Bridge.Builder bridge;
        /** The last line of each key, in the order the keys first appeared. */
        final Map<String, ConfigLine> lines = new LinkedHashMap<>();
        final Map<String, Path> tlsFiles = new HashMap<>();
        boolean insecure;

        Block(ConfigLine connection, String name) {
            this.connection = connection;
            this.bridge = Bridge.builder(name);
        }
    }

    void read(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        if (line.key().equals("connection")) {
            connection(line);
            return;
        }
        if (current == null) {
            throw line.error("a bridge setting, only valid after a 'connection' line that starts a bridge");
        }
        Bridge.Builder bridge = current.bridge;
        boolean address = line.key().equals("address") || line.key().equals("addresses");
        if (address && (current.lines.containsKey("address") || current.lines.containsKey("addresses"))) {
            throw line.error("bridge '" + bridge.name() + "' has its addresses already; give them all on one line: "
                    + "'addresses host1:port host2:port'");
        }
        switch (line.key()) {
            case "address", "addresses" -> addresses(line, bridge);
            case "topic" -> bridge.topic(topic(line));
            case "remote_clientid", "clientid" -> bridge.remoteClientId(line.text("a client identifier"));
            case "remote_username", "username" -> bridge.remoteUsername(line.text("a user name"));
            case "remote_password", "password" -> bridge.remotePassword(line.text("a password"));
            case "local_clientid" -> bridge.localClientId(line.text("a client identifier"));
            case "cleansession" -> bridge.cleanSession(line.bool());
            case "local_cleansession" -> localCleanSession(line, into);
            case "bridge_protocol_version" -> bridge.protocolVersion(protocolVersion(line));
            case "keepalive_interval" -> bridge.keepAliveSeconds(keepAlive(line, into));
            case "restart_timeout" -> bridge.restartTimeout(restartTimeout(line, into));
            case "round_robin" -> bridge.roundRobin(line.bool());
            case "start_type" -> bridge.startType(startType(line, into));
            case "try_private" -> bridge.tryPrivate(line.bool());
            case "notifications" -> bridge.notifications(line.bool());
            case "notifications_local_only" -> bridge.notificationsLocalOnly(line.bool());
            case "notification_topic" -> bridge.notificationTopic(notificationTopic(line));
            case "bridge_cafile", "bridge_certfile", "bridge_keyfile" ->
                    current.tlsFiles.put(line.key(), ListenerKeys.readableFile(line));
            case "bridge_capath" -> current.tlsFiles.put(line.key(), ListenerKeys.directory(line));
            case "bridge_insecure" -> insecure(line, into);
            case "bridge_outgoing_retain" -> bridge.outgoingRetain(line.bool());
            case "bridge_attempt_unsubscribe" -> bridge.attemptUnsubscribe(line.bool());
            case "bridge_max_packet_size" -> bridge.maxPacketSize(
                    line.number(0, BrokerConfig.PROTOCOL_MAX_PACKET_SIZE));
            default -> {
                line.text("a value");
                into.warning(line.warning("has no effect in Fountain yet; " + WARNED.get(line.key())));
            }
        }
        current.lines.put(line.key(), line);
    }

    private void connection(ConfigLine line) throws ConfigException {
        String name = line.word("a bridge name");
        for (Block block : blocks) {
            if (block.bridge.name().equals(name)) {
                throw line.error("a bridge named '" + name + "' is already configured at " + block.connection.file()
                        + ":" + block.connection.number() + "; each bridge needs its own name");
            }
        }
        current = new Block(line, name);
        blocks.add(current);
    }

    /**
     * {@code host[:port] ...}. As in Mosquitto the port follows the last colon, so an IPv6 address
     * needs one; brackets around such an address are taken off as a convenience.
     */
    private static void addresses(ConfigLine line, Bridge.Builder bridge) throws ConfigException {
        List<String> words = line.words();
        if (words.isEmpty()) {
            throw line.missing("one or more addresses, host[:port]");
        }
        for (String word : words) {
            int colon = word.lastIndexOf(':');
            String host = colon < 0 ? word : word.substring(0, colon);
            int port = colon < 0 ? Bridge.DEFAULT_PORT : line.withValue(word.substring(colon + 1)).number(1, 65_535);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                throw line.wrong("an address, host[:port]", word);
            }
            bridge.address(host, port);
        }
    }

    /**
     * {@code topic <pattern> [in|out|both] [qos] [local prefix] [remote prefix]}. The pattern is
     * the first word even when it is {@code #}; after it, as Mosquitto reads the line, a word that
     * starts with '#' ends it.
     */
    static BridgeTopic topic(ConfigLine line) throws ConfigException {
        String[] all = WHITESPACE.split(line.text("a topic pattern"));
        List<String> words = new ArrayList<>(List.of(all[0]));
        for (int i = 1; i < all.length && !all[i].startsWith("#"); i++) {
            words.add(all[i]);
        }
        if (words.size() > 5) {
            throw line.wrong("pattern, direction, QoS, local prefix and remote prefix",
                    String.join(" ", words));
        }
        String pattern = empty(words.get(0));
        Direction direction = words.size() > 1 ? direction(line, words.get(1)) : Direction.OUT;
        int qos = words.size() > 2 ? line.withValue(words.get(2)).number(0, 2) : 0;
        String localPrefix = words.size() > 3 ? empty(words.get(3)) : null;
        String remotePrefix = words.size() > 4 ? empty(words.get(4)) : null;
        try {
            return new BridgeTopic(pattern, direction, qos, localPrefix, remotePrefix);
        } catch (IllegalArgumentException e) {
            throw line.error(e.getMessage());
        }
    }

    /** Mosquitto's place marker for an empty pattern or prefix. */
    private static String empty(String word) {
        return word.equals("\"\"") ? null : word;
    }

    /** Mosquitto compares the direction ignoring case. */
    private static Direction direction(ConfigLine line, String word) throws ConfigException {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "in" -> Direction.IN;
            case "out" -> Direction.OUT;
            case "both" -> Direction.BOTH;
            default -> throw line.wrong("in, out or both", word);
        };
    }

    private static ProtocolVersion protocolVersion(ConfigLine line) throws ConfigException {
        String value = line.oneOf(PROTOCOL_VERSIONS);
        return Stream.of(ProtocolVersion.values()).filter(v -> v.configName().equals(value)).findFirst().orElseThrow();
    }

    /** Mosquitto takes less than 5 seconds with a notice and uses 5. */
    private static int keepAlive(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        int seconds = line.number(0, 65_535);
        if (seconds < Bridge.MIN_KEEP_ALIVE) {
            into.warning(line.warning("less than " + Bridge.MIN_KEEP_ALIVE + " seconds; " + Bridge.MIN_KEEP_ALIVE
                    + " seconds are used, as in Mosquitto"));
            return Bridge.MIN_KEEP_ALIVE;
        }
        return seconds;
    }

    /** {@code restart_timeout <constant>} or {@code restart_timeout <base> <cap>}. */
    private static RestartTimeout restartTimeout(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        List<String> words = line.words();
        if (words.isEmpty() || words.size() > 2) {
            throw words.isEmpty() ? line.missing("seconds, or a base and a cap in seconds")
                    : line.wrong("seconds, or a base and a cap in seconds", String.join(" ", words));
        }
        int base = line.withValue(words.get(0)).number(0, Integer.MAX_VALUE);
        if (base < 1) {
            into.warning(line.warning("less than 1 second; 1 second is used, as in Mosquitto"));
            base = 1;
        }
        if (words.size() == 1) {
            return RestartTimeout.constant(base);
        }
        int cap = line.withValue(words.get(1)).number(0, Integer.MAX_VALUE);
        if (cap < base) {
            throw line.error("the backoff cap (" + cap + ") is lower than its base (" + base + ")");
        }
        return new RestartTimeout(base, cap);
    }

    private static StartType startType(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        return switch (line.oneOf(START_TYPES)) {
            case "once" -> StartType.ONCE;
            case "lazy" -> {
                into.warning(line.warning("lazy bridges are not supported by Fountain yet; this bridge starts with "
                        + "the broker and reconnects, as with automatic"));
                yield StartType.AUTOMATIC;
            }
            case "manual" -> throw line.error("manual bridges are not supported, by Mosquitto either; use automatic");
            default -> StartType.AUTOMATIC;
        };
    }

    private static String notificationTopic(ConfigLine line) throws ConfigException {
        String topic = line.text("a topic");
        String problem = Topics.nameProblem(topic);
        if (problem != null) {
            throw line.error("'" + topic + "' is not a topic the bridge can publish to: " + problem);
        }
        return topic;
    }

    private void insecure(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        current.insecure = line.bool();
        if (current.insecure) {
            // Mosquitto warns the same way: "Bridge <name> using insecure mode."
            into.warning(line.warning("bridge '" + current.bridge.name() + "' does not check that the remote "
                    + "broker's certificate names the host it connects to; never use this in production"));
        }
    }

    private static void localCleanSession(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        if (line.bool()) {
            into.warning(line.warning("has no effect in Fountain yet; the bridge's local session keeps its "
                    + "subscriptions and what waits for the remote broker for as long as the broker runs, as with "
                    + "local_cleansession false"));
        }
    }

    /** Checks every bridge read and adds it to {@code into}. */
    void finish(BrokerConfig.Builder into) throws ConfigException {
        Map<String, Block> byLocalClientId = new HashMap<>();
        for (Block block : blocks) {
            BridgeTls tls = tls(block, into);
            Bridge bridge;
            try {
                bridge = block.bridge.tls(tls).build();
            } catch (IllegalArgumentException e) {
                throw errorLine(block).error(e.getMessage());
            }
            Block other = byLocalClientId.putIfAbsent(bridge.localClientId(), block);
            if (other != null) {
                ConfigLine line = block.lines.getOrDefault("local_clientid", block.connection);
                throw line.error("bridges '" + other.bridge.name() + "' and '" + bridge.name() + "' both have the "
                        + "local client identifier '" + bridge.localClientId() + "'; give one of them its own "
                        + "local_clientid");
            }
            into.bridge(bridge);
        }
    }

    /**
     * The line a problem found when the bridge is built is reported at: the password line for a
     * password without a user name, else the {@code connection} line.
     */
    private static ConfigLine errorLine(Block block) {
        ConfigLine password = block.lines.getOrDefault("remote_password", block.lines.get("password"));
        return password != null && !block.lines.containsKey("remote_username") && !block.lines.containsKey("username")
                ? password : block.connection;
    }

    private static BridgeTls tls(Block block, BrokerConfig.Builder into) throws ConfigException {
        Map<String, Path> files = block.tlsFiles;
        if (files.isEmpty()) {
            ConfigLine insecure = block.lines.get("bridge_insecure");
            if (block.insecure) {
                into.warning(insecure.warning("has no effect without bridge_cafile or bridge_capath: the bridge "
                        + "does not use TLS"));
            }
            return null;
        }
        if (!files.containsKey("bridge_cafile") && !files.containsKey("bridge_capath")) {
            ConfigLine first = firstTlsLine(block);
            throw first.error("needs bridge_cafile or bridge_capath in the same bridge: a bridge uses TLS only "
                    + "when it has CA certificates to check the remote broker with");
        }
        if (files.containsKey("bridge_certfile") != files.containsKey("bridge_keyfile")) {
            throw files.containsKey("bridge_certfile")
                    ? block.lines.get("bridge_certfile").error("needs bridge_keyfile, the private key of this "
                            + "certificate, in the same bridge")
                    : block.lines.get("bridge_keyfile").error("needs bridge_certfile, the certificate of this key, "
                            + "in the same bridge");
        }
        Map<String, BridgeTls.Origin> origins = new HashMap<>();
        for (String key : files.keySet()) {
            ConfigLine line = block.lines.get(key);
            origins.put(key, new BridgeTls.Origin(line.file(), line.number()));
        }
        return new BridgeTls(files.get("bridge_cafile"), files.get("bridge_capath"), files.get("bridge_certfile"),
                files.get("bridge_keyfile"), block.insecure, origins);
    }

    private static ConfigLine firstTlsLine(Block block) {
        return block.lines.entrySet().stream().filter(entry -> TLS_KEYS.contains(entry.getKey()))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
    }

    private static Map<String, String> warned() {
        Map<String, String> reasons = new HashMap<>();
        reasons.put("bridge_alpn", "the bridge offers no ALPN protocol");
        reasons.put("bridge_bind_address", "the bridge connects from the address the system chooses");
        Stream.of("bridge_ciphers", "bridge_ciphers_tls1.3").forEach(key -> reasons.put(key,
                "the bridge offers the JDK's default cipher suites"));
        Stream.of("bridge_identity", "bridge_psk").forEach(key -> reasons.put(key,
                "TLS with pre-shared keys is not supported; use bridge_cafile"));
        reasons.put("bridge_require_ocsp", "the remote broker's certificate is not checked with OCSP");
        reasons.put("bridge_tls_version", "the bridge offers TLS 1.2 and 1.3");
        reasons.put("bridge_tls_use_os_certs", "the bridge trusts only bridge_cafile and bridge_capath");
        Stream.of("bridge_tcp_keepalive", "bridge_tcp_user_timeout").forEach(key -> reasons.put(key,
                "the bridge finds a dead connection by its MQTT keep-alive"));
        Stream.of("bridge_receive_maximum", "bridge_session_expiry_interval", "bridge_max_topic_alias",
                "bridge_reload_type").forEach(key -> reasons.put(key, "a Mosquitto 2.1 setting"));
        Stream.of("idle_timeout", "threshold").forEach(key -> reasons.put(key,
                "only lazy bridges use it, and Fountain starts every bridge with the broker"));
        Stream.of("local_username", "local_password").forEach(key -> reasons.put(key,
                "the bridge's local session is not held to the ACL, as in Mosquitto 2.0"));
        return Map.copyOf(reasons);
    }
}
