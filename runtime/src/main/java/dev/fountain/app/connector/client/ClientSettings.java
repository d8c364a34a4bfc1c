package dev.fountain.app.connector.client;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Client mode's settings, read from the application's configuration; README's "Running against
 * your broker" has the table.
 *
 * @param clientId the publishing connection's client id; each route's is this plus its name
 * @param receiveMaximum unacknowledged QoS 1 and 2 messages the broker may send one route at once
 * @param tls how {@code mqtts://} and {@code wss://} connections trust the broker and present themselves
 */
public record ClientSettings(List<BrokerAddress> brokers, MqttClientSslConfig tls, boolean mqtt5, String username,
        byte[] password,
        int keepAliveSeconds, String clientId, long sessionExpirySeconds, boolean ackOnReceipt,
        long connectTimeoutMillis, int publishQueue, int receiveMaximum) {

    public static final String URL = "fountain.broker.url";

    /**
     * Reads every setting through {@code config}; {@code fountain.broker.url} must be set.
     *
     * @throws IllegalArgumentException naming the key whose value cannot work
     */
    public static ClientSettings read(Function<String, Optional<String>> config, int receiveMaximum) {
        List<BrokerAddress> brokers = BrokerAddress.parseAll(config.apply(URL).orElseThrow(
                () -> new IllegalArgumentException(URL + " is not set")));
        String version = config.apply("fountain.broker.version").orElse("5").strip();
        boolean mqtt5 = switch (version) {
            case "5", "5.0" -> true;
            case "3.1.1", "3", "4" -> false;
            default -> throw new IllegalArgumentException("fountain.broker.version: expected 5 or 3.1.1, found '"
                    + version + "'");
        };
        String ack = config.apply("fountain.ack").orElse("after-handler").strip();
        if (!ack.equals("after-handler") && !ack.equals("on-receipt")) {
            throw new IllegalArgumentException("fountain.ack: expected after-handler or on-receipt, found '" + ack
                    + "'");
        }
        String clientId = config.apply("fountain.client-id").orElseGet(() ->
                config.apply("fountain.app").orElse("fountain") + "-"
                        + config.apply("fountain.instance").orElseGet(ClientSettings::hostAndProcess));
        String username = config.apply("fountain.broker.username").orElse(null);
        byte[] password = config.apply("fountain.broker.password").map(p -> p.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
        if (password != null && username == null) {
            // MQTT 3.1.1 has no password without a user name, and a password silently not sent would
            // surface as a refusal that names neither setting.
            throw new IllegalArgumentException("fountain.broker.password is set without fountain.broker.username");
        }
        return new ClientSettings(brokers, ClientTls.read(config, brokers), mqtt5, username, password,
                (int) number(config, "fountain.broker.keep-alive", 60, 0, 65_535), clientId,
                number(config, "fountain.broker.session-expiry", 3600, 0, 4_294_967_295L),
                ack.equals("on-receipt"),
                number(config, "fountain.broker.connect-timeout", 30, 1, Integer.MAX_VALUE) * 1000,
                (int) number(config, "fountain.broker.publish-queue", 10_000, 1, Integer.MAX_VALUE),
                Math.min(receiveMaximum, 65_535));
    }

    /**
     * Unique among replicas, so that none takes another's session over, but new for each process: a
     * restarted instance keeps its queued messages only with a stable {@code fountain.instance}.
     */
    private static String hostAndProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    private static long number(Function<String, Optional<String>> config, String key, long defaultValue, long min,
            long max) {
        Optional<String> value = config.apply(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.get().strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the key and the value
        }
        throw new IllegalArgumentException(key + ": expected a whole number from " + min + " to " + max + ", found '"
                + value.get() + "'");
    }
}
