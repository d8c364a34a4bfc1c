package dev.fountain.broker.http;

/**
 * Answers GET requests for one path on the broker's HTTP listeners ({@code http_dir} listeners and
 * the application's). It runs on the broker's HTTP thread, never on an event loop, so it may take
 * a few milliseconds (a Micrometer scrape) without holding up any MQTT connection.
 */
@FunctionalInterface
public interface HttpEndpoint {

    HttpReply get();
}
