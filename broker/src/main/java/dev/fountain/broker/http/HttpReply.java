package dev.fountain.broker.http;

import java.nio.charset.StandardCharsets;

/**
 * What an {@link HttpEndpoint} answers: a status, a content type and a whole body. Endpoints answer
 * small documents (a scrape, a health check, the status page's data), so a body in one array is
 * simpler than a stream and costs nothing that matters.
 */
public record HttpReply(int status, String contentType, byte[] body) {

    /** Prometheus text exposition format 0.0.4, which every Prometheus version reads. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    public static final String JSON = "application/json";

    public static HttpReply json(int status, String json) {
        return new HttpReply(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A permanent redirect to {@code location}: the body carries the location, which the server sends as a header. */
    public static HttpReply redirect(String location) {
        return new HttpReply(301, "text/plain; charset=utf-8", location.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply prometheus(String text) {
        return new HttpReply(200, PROMETHEUS_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }
}
