package dev.fountain.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fountain.broker.http.HttpEndpoint;
import dev.fountain.broker.http.HttpEndpoints;
import dev.fountain.broker.http.HttpReply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The application's HTTP port in client mode, where no broker of ours has a listener to serve it:
 * the JDK's own HTTP server answering the same {@link HttpEndpoints} ({@code /metrics},
 * {@code /health/*}, the status page), on every interface, since in client mode the application is
 * deployed and its probes come from outside. Nothing else is served here: no files, no WebSocket.
 */
public final class ClientModeHttp implements AutoCloseable {

    private static final long ANSWER_SECONDS = 10;

    private final HttpServer server;

    private ClientModeHttp(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code port} (0: any free one) of every interface. */
    public static ClientModeHttp start(int port, HttpEndpoints endpoints) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
        server.createContext("/", exchange -> answer(exchange, endpoints));
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fountain-http-client-mode");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new ClientModeHttp(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, HttpEndpoints endpoints) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            HttpEndpoint endpoint = endpoints.find(exchange.getRequestURI().getRawPath());
            HttpReply reply;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                reply = HttpReply.json(405, "{\"error\":\"GET or HEAD only\"}");
            } else if (endpoint == null) {
                reply = HttpReply.json(404, "{\"error\":\"not found\"}");
            } else {
                CompletableFuture<HttpReply> answered = new CompletableFuture<>();
                endpoints.answer(endpoint, answered::complete);
                try {
                    reply = answered.get(ANSWER_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    reply = HttpReply.json(503, "{\"error\":\"no answer in time\"}");
                }
            }
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            if (reply.status() == 301) {
                exchange.getResponseHeaders().set("Location", new String(reply.body(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(301, -1);
                return;
            }
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(reply.status(), head ? -1 : reply.body().length);
            if (!head) {
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(reply.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
