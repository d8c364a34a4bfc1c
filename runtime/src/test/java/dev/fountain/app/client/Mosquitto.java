package dev.fountain.app.client;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto on a free loopback port, with its own directory and persistence on. A missing
 * program fails the test that asked for it, naming the package: interop tests never skip.
 */
final class Mosquitto implements AutoCloseable {

    private static final Path PROGRAM = Path.of("/usr/sbin/mosquitto");

    private final Path config;
    private final int port;
    private Process process;

    private Mosquitto(Path config, int port) {
        this.config = config;
        this.port = port;
    }

    static Mosquitto start() throws IOException {
        if (!Files.isExecutable(PROGRAM)) {
            throw new AssertionError(PROGRAM + " is missing: this interop test needs Debian's mosquitto package"
                    + " (apt-get install mosquitto; then service mosquitto stop)");
        }
        Path directory = Files.createTempDirectory("fountain-mosquitto");
        int port = ClientApps.freePort();
        Path config = directory.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + directory + "/",
                // Enough for a whole test stream to wait in one offline session.
                "max_queued_messages 100000",
                // Started as root, Mosquitto becomes the user "mosquitto", who cannot write this directory.
                "user " + System.getProperty("user.name"),
                ""));
        Mosquitto mosquitto = new Mosquitto(config, port);
        mosquitto.run();
        return mosquitto;
    }

    int port() {
        return port;
    }

    /** Stops it with SIGTERM, which makes it write its persistence file, and starts it again. */
    void restart() throws IOException, InterruptedException {
        stop();
        run();
    }

    private void run() throws IOException {
        process = new ProcessBuilder(PROGRAM.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(config.resolveSibling("mosquitto.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(10)).until(this::accepting);
    }

    private boolean accepting() {
        if (!process.isAlive()) {
            throw new AssertionError("mosquitto exited with " + process.exitValue() + "; see "
                    + config.resolveSibling("mosquitto.log"));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
