package dev.fountain.broker.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto ({@code /usr/sbin/mosquitto}) on a free loopback port, with a generated
 * configuration and its log in its own directory; persistence off unless the lines say otherwise.
 * It can be stopped and started again on the same port. A missing program fails the test, naming
 * the package: interop tests never skip.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final Path PROGRAM = Path.of("/usr/sbin/mosquitto");

    private final Path config;
    private final int port;
    private Process process;

    private MosquittoBroker(Path config, int port) {
        this.config = config;
        this.port = port;
    }

    /** Starts Mosquitto with a listener on 127.0.0.1, anonymous clients allowed, and {@code lines}. */
    public static MosquittoBroker start(String... lines) throws IOException {
        if (!Files.isExecutable(PROGRAM)) {
            throw new AssertionError(PROGRAM + " is missing: this interop test needs Debian's mosquitto package"
                    + " (apt-get install mosquitto; then service mosquitto stop)");
        }
        Path directory = Files.createTempDirectory("fountain-mosquitto");
        int port = freePort();
        List<String> all = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                // Started as root, Mosquitto becomes the user "mosquitto", who cannot write this directory.
                "user " + System.getProperty("user.name")));
        all.addAll(List.of(lines));
        Path config = directory.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n", all) + "\n");
        MosquittoBroker mosquitto = new MosquittoBroker(config, port);
        mosquitto.run();
        return mosquitto;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return config.resolveSibling("mosquitto.log");
    }

    /** Starts it again, on the same port, after {@link #stop()}. */
    public void run() throws IOException {
        process = new ProcessBuilder(PROGRAM.toString(), "-c", config.toString(), "-v")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::accepting);
    }

    /** Stops it with SIGTERM and waits until it has gone. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private boolean accepting() {
        if (!process.isAlive()) {
            String log;
            try {
                log = Files.readString(log());
            } catch (IOException e) {
                log = e.toString();
            }
            throw new AssertionError("mosquitto exited with " + process.exitValue() + ": " + log);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
