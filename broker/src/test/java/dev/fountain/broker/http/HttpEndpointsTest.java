package dev.fountain.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.TestBrokers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP endpoints of a broker on its own: an http_dir listener serves them, a plain WebSocket one does not. */
class HttpEndpointsTest {

    @TempDir
    Path dir;

    private Broker broker;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        broker.close();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndTheStatusPageAnswerOnAnHttpDirListener() throws Exception {
        Files.writeString(dir.resolve("metrics"), "a file the endpoint wins over");
        broker = TestBrokers.start(config -> config.listener(Listener.websockets(0, "127.0.0.1").withHttpDir(dir)));
        int port = broker.port(Listener.Protocol.WEBSOCKETS);

        HttpResponse<String> live = get(port, "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
        HttpResponse<String> ready = get(port, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"listeners\":\"UP\"}}");

        broker.http().health().check("store", () -> false);
        HttpResponse<String> notReady = get(port, "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"listeners\":\"UP\",\"store\":\"DOWN\"}}");

        assertThat(get(port, "/metrics").body()).contains("# TYPE fountain_messages_received_total counter");
        HttpResponse<String> page = get(port, "/fountain/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"uPlot.iife.min.js\"></script>");
        assertThat(get(port, "/fountain/uPlot.iife.min.js").body()).contains("uPlot");
        assertThat(get(port, "/fountain").headers().firstValue("location")).hasValue("/fountain/");
        try (PahoClient client = PahoClient.connect(broker.port(), "client")) {
            client.subscribe("a/#", 1);
            assertThat(get(port, "/fountain/status.json").body()).contains("\"clients\":1,\"connections\":1,")
                    .contains("\"subscriptions\":1,").contains("\"dropped\":{\"queue_full\":0,");
        }
    }

    @Test
    void aWebSocketListenerWithoutHttpDirServesNothing() throws Exception {
        broker = TestBrokers.start(config -> config.listener(Listener.websockets(0, "127.0.0.1")));
        int port = broker.port(Listener.Protocol.WEBSOCKETS);
        assertThat(get(port, "/metrics").statusCode()).isEqualTo(404);
        assertThat(get(port, "/health/ready").statusCode()).isEqualTo(404);
    }
}
