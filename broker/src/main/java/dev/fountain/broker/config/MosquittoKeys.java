package dev.fountain.broker.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every key of mosquitto.conf that Mosquitto 2.0 or 2.1 knows (taken from its {@code src/conf.c}).
 * Fountain applies {@link #APPLIED} and {@link BridgeKeys#APPLIED}; the others are accepted with a
 * warning, or silently where the value asks for what Fountain does anyway. Any other key stops the
 * broker, as it stops Mosquitto.
 */
final class MosquittoKeys {

    /** The keys {@link ConfigReader}, {@link ListenerKeys} and {@link ConfigFile} apply. */
    static final Set<String> APPLIED = Stream.concat(ListenerKeys.KEYS.stream(), Stream.of("listener", "port",
            "bind_address", "protocol", "socket_domain", "allow_anonymous", "password_file", "acl_file",
            "per_listener_settings", "max_inflight_messages", "max_queued_messages", "max_queued_bytes",
            "queue_qos0_messages", "message_size_limit", "max_packet_size", "max_keepalive", "retain_available",
            "allow_zero_length_clientid", "auto_id_prefix", "max_connections", "persistent_client_expiration",
            "connection_messages", "log_type", "log_dest", "log_timestamp", "log_timestamp_format", "include_dir",
            "memory_limit", "persistence", "retained_persistence", "persistence_location", "persistence_file",
            "autosave_interval", "autosave_on_changes", "persistence_sync", "persistence_sync_interval",
            "persistence_size_limit", "sys_interval"))
            .collect(Collectors.toUnmodifiableSet());

    private static final Set<String> PLUGINS = Set.of("plugin", "auth_plugin", "global_plugin", "plugin_load");
    /** Keys that configure the plugin loaded before them; Mosquitto refuses them without one. */
    private static final Set<String> PLUGIN_SETTINGS = Set.of("plugin_use", "auth_plugin_deny_special_chars");
    private static final List<String> PLUGIN_OPTION_PREFIXES = List.of("plugin_opt_", "auth_opt_");

    private static final Map<String, String> UNSUPPORTED = unsupported();

    /**
     * Values that ask for what Fountain does anyway, so a warning would only be noise. Other values
     * of these keys are warned about.
     */
    private static final Map<String, Boolean> ALREADY_SO = Map.ofEntries(
            // The transport sets TCP_NODELAY on every accepted socket and batches writes itself.
            Map.entry("set_tcp_nodelay", true),
            // Routing sends one copy per client, at the highest QoS of its matching subscriptions.
            Map.entry("allow_duplicate_messages", false),
            // Deliveries use the lower of the published and the granted QoS, as the spec says.
            Map.entry("upgrade_outgoing_qos", false),
            // Mosquitto's defaults for features Fountain does not have: nothing is asked of them.
            Map.entry("check_retain_source", false),
            Map.entry("use_username_as_clientid", false),
            Map.entry("enable_control_api", false),
            // The JDK checks the dates of every client certificate.
            Map.entry("disable_client_cert_date_checks", false));

    private boolean plugin;

    /** Accepts a key Fountain does not apply, with a warning where it matters. */
    void accept(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        String key = line.key();
        if (PLUGINS.contains(key)) {
            plugin = true;
            into.warning(line.warning("plugins are not supported by Fountain yet; '" + line.text("a plugin")
                    + "' and its options are ignored"));
        } else if (PLUGIN_SETTINGS.contains(key) || isPluginOption(key)) {
            if (!plugin) {
                throw line.error("a plugin setting, only valid after a plugin line");
            }
            line.text("a value");
        } else if (UNSUPPORTED.containsKey(key)) {
            unsupported(line, into);
        } else {
            throw unknown(line);
        }
    }

    private static void unsupported(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        Boolean alreadySo = ALREADY_SO.get(line.key());
        if (alreadySo != null && line.bool() == alreadySo) {
            return;
        }
        line.text("a value");
        String reason = UNSUPPORTED.get(line.key());
        into.warning(line.warning("has no effect in Fountain yet" + (reason.isEmpty() ? "" : "; " + reason)));
    }

    private static boolean isPluginOption(String key) {
        return PLUGIN_OPTION_PREFIXES.stream()
                .anyMatch(prefix -> key.startsWith(prefix) && key.length() > prefix.length());
    }

    /** Every key Mosquitto knows, except the open-ended plugin_opt_* and auth_opt_*. */
    static Set<String> names() {
        Set<String> names = new TreeSet<>(APPLIED);
        names.addAll(BridgeKeys.KEYS);
        names.addAll(PLUGINS);
        names.addAll(PLUGIN_SETTINGS);
        names.addAll(UNSUPPORTED.keySet());
        return names;
    }

    private static ConfigException unknown(ConfigLine line) {
        List<String> nearMisses = nearMisses(line.key());
        String hint = nearMisses.isEmpty() ? "" : "; did you mean " + String.join(" or ", nearMisses) + "?";
        return line.error("unknown configuration key" + hint);
    }

    /**
     * Known keys a typo probably meant: the closest by edit distance, ignoring case and
     * underscores, when that distance is small for the key's length; otherwise those the key
     * begins, so {@code maxinflight} finds {@code max_inflight_messages}.
     */
    private static List<String> nearMisses(String key) {
        String typed = squash(key);
        Set<String> names = names();
        int best = names.stream().mapToInt(name -> distance(typed, squash(name))).min().orElseThrow();
        if (best <= Math.max(1, typed.length() / 5)) {
            return names.stream().filter(name -> distance(typed, squash(name)) == best).limit(3).toList();
        }
        if (typed.length() < 5) {
            return List.of();
        }
        return names.stream().filter(name -> squash(name).startsWith(typed)).limit(3).toList();
    }

    private static String squash(String key) {
        return key.replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance: the fewest single-character edits that turn {@code a} into {@code b}. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Map<String, String> unsupported() {
        Map<String, String> reasons = new HashMap<>();
        reasons.put("crlfile", "revocation lists are not read, so a revoked client certificate is still accepted");
        reasons.put("dhparamfile", "TLS uses the JDK's Diffie-Hellman groups");
        Stream.of("tls_engine", "tls_engine_kpass_sha1", "tls_keyform")
                .forEach(key -> reasons.put(key, "keys are read from PEM files only"));
        Stream.of("psk_hint", "psk_file").forEach(key -> reasons.put(key,
                "TLS with pre-shared keys is not supported; clients need certificates"));
        reasons.put("disable_client_cert_date_checks", "the dates of client certificates are always checked");
        Stream.of("accept_protocol_versions", "bind_interface", "check_retain_source", "enable_control_api",
                "enable_proxy_protocol", "global_max_clients", "global_max_connections",
                "max_inflight_bytes", "max_qos", "maximum_qos", "max_topic_alias", "max_topic_alias_broker",
                "packet_buffer_size", "proxy_protocol_v2_require_tls", "quic_log_level",
                "retain_expiry_interval", "use_username_as_clientid", "websockets_headers_size",
                "websockets_log_level", "websockets_origin").forEach(key -> reasons.put(key, ""));
        reasons.put("allow_duplicate_messages",
                "a client gets one copy of a message however many of its subscriptions match");
        reasons.put("clientid_prefixes", "clients with any identifier may connect");
        reasons.put("listener_allow_anonymous", "allow_anonymous applies to every listener");
        reasons.put("listener_auto_id_prefix", "auto_id_prefix applies to every listener");
        reasons.put("log_facility", "Fountain does not log to syslog");
        reasons.put("mount_point", "the topics of this listener's clients are not prefixed");
        reasons.put("pid_file", "Fountain writes no pid file");
        reasons.put("retry_interval", "Mosquitto 2 ignores it as well");
        reasons.put("set_tcp_nodelay", "Fountain always sets TCP_NODELAY and batches its writes instead");
        reasons.put("upgrade_outgoing_qos", "messages go out at the lower of the published and the granted QoS");
        reasons.put("user", "Fountain does not switch users; start it as the user it should run as");
        return Map.copyOf(reasons);
    }
}
