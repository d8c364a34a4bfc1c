package dev.fountain.broker.interop;

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
 * Debian's Mosquitto broker on a free loopback port, configured by the test, logging everything to
 * a file beside its configuration. A missing program fails the test that asked for it, naming the
 * package: interop tests never skip.
 */
final class Mosquitto implements AutoCloseable {

    private static final Path PROGRAM = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;
    private final Path log;

    private Mosquitto(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts it with a listener and anonymous clients, then {@code lines}, once it accepts connections. */
    static Mosquitto start(Path directory, String... lines) throws IOException {
        if (!Files.isExecutable(PROGRAM)) {
            throw new AssertionError(PROGRAM + " is missing: this interop test needs Debian's mosquitto package"
                    + " (apt-get install mosquitto; then service mosquitto stop)");
        }
        int port = freePort();
        Path config = directory.resolve("mosquitto.conf");
        Path log = directory.resolve("mosquitto.log");
        List<String> all = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "log_dest file " + log,
                "log_type all",
                // Started as root, Mosquitto becomes the user "mosquitto", who cannot write the log here.
                "user " + System.getProperty("user.name")));
        all.addAll(List.of(lines));
        Files.write(config, all);
        Process process = new ProcessBuilder(PROGRAM.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("mosquitto.out").toFile()))
                .start();
        Mosquitto mosquitto = new Mosquitto(process, port, log);
        await().atMost(Duration.ofSeconds(10)).until(mosquitto::accepting);
        return mosquitto;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    private boolean accepting() {
        if (!process.isAlive()) {
            throw new AssertionError("mosquitto exited with " + process.exitValue() + "; see " + log);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
