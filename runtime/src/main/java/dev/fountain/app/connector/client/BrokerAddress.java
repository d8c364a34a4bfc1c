package dev.fountain.app.connector.client;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One broker of {@code fountain.broker.url}: {@code mqtt://host:port}, {@code mqtts://},
 * {@code ws://host:port/path} or {@code wss://}. Ports default to the IANA ones (1883, 8883) and to
 * 80 and 443 for WebSocket; a WebSocket path defaults to {@code /mqtt}, Mosquitto's and HiveMQ's.
 */
public record BrokerAddress(String scheme, String host, int port, String path) {

    /** Every address of a comma-separated list, in order. */
    public static List<BrokerAddress> parseAll(String urls) {
        List<BrokerAddress> addresses = new ArrayList<>();
        for (String url : urls.split(",")) {
            if (!url.isBlank()) {
                addresses.add(parse(url.strip()));
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no broker URL in '" + urls + "'");
        }
        return List.copyOf(addresses);
    }

    static BrokerAddress parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "mqtt", "tcp" -> 1883;
            case "mqtts", "ssl" -> 8883;
            case "ws" -> 80;
            case "wss" -> 443;
            default -> throw new IllegalArgumentException("'" + url
                    + "': the scheme must be mqtt://, mqtts://, ws:// or wss://");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' names no host, as in mqtt://broker.example:1883");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/mqtt" : uri.getRawPath();
        return new BrokerAddress(scheme, uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort(), path);
    }

    boolean tls() {
        return scheme.equals("mqtts") || scheme.equals("ssl") || scheme.equals("wss");
    }

    boolean webSocket() {
        return scheme.startsWith("ws");
    }

    /** How the HiveMQ client reaches this broker, with {@code tls} if the scheme asks for TLS. */
    public MqttClientTransportConfig transport(long connectTimeoutMillis, MqttClientSslConfig tls) {
        MqttClientTransportConfigBuilder builder = MqttClientTransportConfig.builder().serverHost(host).serverPort(port)
                .socketConnectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS);
        if (tls()) {
            builder.sslConfig(tls);
        }
        if (webSocket()) {
            // The client adds the leading slash itself.
            builder.webSocketConfig().serverPath(path.substring(1)).applyWebSocketConfig();
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port + (webSocket() ? path : "");
    }
}
