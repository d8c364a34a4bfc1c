package dev.fountain.app.client;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ Community Edition 2025.5 on a free loopback port, in a JVM of its own ({@link HiveMqCeMain}):
 * it is built on Guice 5 with javax.inject annotations, which the runtime's Guice 7 does not see, so
 * in this JVM its injector cannot be created. Netty there is ours (netty-bom 4.2.18).
 */
final class HiveMqCe implements AutoCloseable {

    private final Process process;
    private final int port;

    private HiveMqCe(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static HiveMqCe start() throws Exception {
        int port = ClientApps.freePort();
        Path home = Files.createTempDirectory("fountain-hivemq");
        Path log = home.resolve("hivemq.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(), HiveMqCeMain.class.getName(), home.toString(), Integer.toString(port));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HiveMqCe hivemq = new HiveMqCe(process, port);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("HiveMQ CE exited: " + Files.readString(log));
            }
            return hivemq.accepting();
        });
        return hivemq;
    }

    int port() {
        return port;
    }

    /** The test class path with Guice 5 (copied to target/hivemq-ce by the build) in place of Guice 7. */
    private static String classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)) {
            if (!entry.contains(File.separator + "com" + File.separator + "google" + File.separator + "inject")) {
                entries.add(entry);
            }
        }
        try (var guice = Files.list(Path.of("target", "hivemq-ce"))) {
            guice.forEach(jar -> entries.add(jar.toAbsolutePath().toString()));
        }
        return String.join(File.pathSeparator, entries);
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Closes its standard input, which ends it. */
    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
