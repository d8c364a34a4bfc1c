package dev.fountain.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.testing.TestBrokers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A WebSocket listener's http_dir over real HTTP: what a browser loading an MQTT page asks for. */
class StaticFileHandlerTest {

    private static final String SECRET = "the secret outside http_dir";

    @TempDir
    Path dir;

    private Path root;
    private Broker broker;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startBroker() throws Exception {
        root = Files.createDirectories(dir.resolve("public"));
        Files.writeString(root.resolve("index.html"), "<h1>Fountain</h1>");
        Files.writeString(root.resolve("app.js"), "console.log('hi');");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.write(root.resolve("big.wasm"), new byte[300_000]);
        Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(root.resolve("link-out.txt"), dir.resolve("secret.txt"));
        broker = TestBrokers.start(config -> config.listener(Listener.websockets(0, "127.0.0.1").withHttpDir(root)));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private int port() {
        return broker.addresses().get(1).getPort();
    }

    private HttpResponse<byte[]> request(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @ParameterizedTest
    @CsvSource({
        "/, text/html; charset=utf-8, <h1>Fountain</h1>",
        "/app.js, text/javascript; charset=utf-8, console.log('hi');",
        "/docs/, text/html; charset=utf-8, <h1>docs</h1>",
    })
    void getSendsTheFileWithItsContentType(String path, String type, String body) throws Exception {
        HttpResponse<byte[]> response = request("GET", path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(type);
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(new String(response.body())).isEqualTo(body);
    }

    @Test
    void aFileLargerThanOneChunkArrivesWhole() throws Exception {
        HttpResponse<byte[]> response = request("GET", "/big.wasm");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/wasm");
        assertThat(response.body()).hasSize(300_000);
    }

    @Test
    void headSendsTheHeadersOfGetWithoutTheBody() throws Exception {
        HttpResponse<byte[]> response = request("HEAD", "/app.js");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).hasValue("18");
        assertThat(response.headers().firstValue("last-modified")).isPresent();
        assertThat(response.body()).isEmpty();
    }

    @Test
    void anUnchangedFileIsAnswered304() throws Exception {
        String modified = request("GET", "/app.js").headers().firstValue("last-modified").orElseThrow();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port()
                + "/app.js")).header("If-Modified-Since", modified).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aMissingFileIs404() throws Exception {
        assertThat(request("GET", "/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void aDirectoryWithoutItsSlashIsRedirected() throws Exception {
        HttpResponse<byte[]> response = request("GET", "/docs");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("location")).hasValue("/docs/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS"})
    void otherMethodsAreAnswered405(String method) throws Exception {
        HttpResponse<byte[]> response = request(method, "/index.html");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/docs/../../secret.txt",
        "/index.html%00",
        "/link-out.txt",
        "http://127.0.0.1/../secret.txt",
    })
    void noRequestReachesAFileOutsideTheDirectory(String target) throws Exception {
        RawHttp.Response response = RawHttp.get(port(), target);

        assertThat(response.statusLine()).isIn("HTTP/1.1 404 Not Found", "HTTP/1.1 400 Bad Request");
        assertThat(response.text()).doesNotContain(SECRET);
    }
}
