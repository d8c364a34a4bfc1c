package dev.fountain.broker.http;

import dev.fountain.broker.stats.BrokerStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What a broker answers on HTTP besides {@code http_dir}'s files: {@code /metrics},
 * {@code /health/live}, {@code /health/ready}, and the status page under {@code /fountain/}. They
 * are served on every WebSocket listener with an {@code http_dir}, and on an application's own
 * listener ({@code fountain.http.port}); an application replaces {@code /metrics} with its
 * Micrometer registry's scrape and adds its readiness checks and handler rows.
 *
 * <p>Every answer is computed on one thread of its own ("fountain-http"), which also samples the
 * status page's history: no endpoint runs on an event loop, and at most {@link #MAX_PENDING}
 * requests wait for it, beyond which the answer is 503 at once.
 */
public final class HttpEndpoints implements AutoCloseable {

    public static final String METRICS = "/metrics";
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    public static final String PAGE = "/fountain/";
    public static final String STATUS = PAGE + "status.json";

    private static final int MAX_PENDING = 64;
    /**
     * The page's files, by name: uPlot's two are copied into the broker's jar from its webjar at
     * build time, so the page works offline and the broker gets no dependency for them.
     */
    private static final Map<String, String> PAGE_FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "status.js", "text/javascript; charset=utf-8",
            "status.css", "text/css; charset=utf-8",
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8");

    private final Map<String, HttpEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Health health = new Health();
    private final Status status;
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread named = new Thread(runnable, "fountain-http");
        named.setDaemon(true);
        return named;
    });

    public HttpEndpoints(BrokerStats stats, String version) {
        this.status = new Status(stats, version);
        endpoints.put(METRICS, () -> HttpReply.prometheus(PrometheusText.of(stats)));
        endpoints.put(LIVE, health::live);
        endpoints.put(READY, health::readiness);
        endpoints.put(STATUS, status::json);
        HttpReply toPage = HttpReply.redirect(PAGE);
        endpoints.put("/fountain", () -> toPage);
        PAGE_FILES.forEach((name, type) -> {
            byte[] file = pageFile(name);
            if (file != null) {
                HttpReply reply = new HttpReply(200, type, file);
                endpoints.put(PAGE + (name.equals("index.html") ? "" : name), () -> reply);
            }
        });
        thread.scheduleAtFixedRate(this::sampleQuietly, 0, Status.SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    private static byte[] pageFile(String name) {
        try (InputStream in = HttpEndpoints.class.getResourceAsStream("page/" + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sampleQuietly() {
        try {
            status.sample();
        } catch (RuntimeException e) {
            // An application's handler rows failed to read: the next sample tries again, and a
            // scheduled task that threw would never run again.
        }
    }

    /** Adds or replaces the endpoint for {@code path}, {@code /metrics} included. */
    public void endpoint(String path, HttpEndpoint endpoint) {
        endpoints.put(path, endpoint);
    }

    public Health health() {
        return health;
    }

    public Status status() {
        return status;
    }

    /** The endpoint for a request target (its query ignored), or {@code null} when it is not one of ours. */
    public HttpEndpoint find(String uri) {
        int query = uri.indexOf('?');
        return endpoints.get(query < 0 ? uri : uri.substring(0, query));
    }

    /**
     * Runs {@code endpoint} on the HTTP thread and hands its reply to {@code reply} there; a 503 at
     * once when too many requests wait, a 500 when the endpoint fails.
     */
    public void answer(HttpEndpoint endpoint, Consumer<HttpReply> reply) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            reply.accept(HttpReply.json(503, "{\"error\":\"too many requests waiting\"}"));
            return;
        }
        try {
            thread.execute(() -> {
                pending.decrementAndGet();
                HttpReply answer;
                try {
                    answer = endpoint.get();
                } catch (RuntimeException e) {
                    answer = HttpReply.json(500, "{\"error\":" + Json.string(String.valueOf(e.getMessage())) + "}");
                }
                reply.accept(answer);
            });
        } catch (RejectedExecutionException closed) {
            pending.decrementAndGet();
            reply.accept(HttpReply.json(503, "{\"error\":\"the broker is stopping\"}"));
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
