package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.testing.MosquittoBroker;
import dev.fountain.broker.testing.PahoClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged broker, {@code java -jar broker/target/fountain-broker.jar}, started the way the
 * Mosquitto guide starts mosquitto, with its log read like {@code mosquitto -v}'s.
 */
class StandaloneBrokerIT {

    private static final Pattern LISTENING = Pattern.compile("Opening ipv4 listen socket on port (\\d+)\\.");

    @TempDir
    Path dir;

    private Process broker;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            assertThat(broker.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    private Process start(String... args) throws IOException {
        Path jar = Path.of("target", "fountain-broker.jar");
        assertThat(jar).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        broker = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(log::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                // the process is gone and its output closed: nothing more to read
            }
        });
        reader.setDaemon(true);
        reader.start();
        return broker;
    }

    private int awaitPort() {
        await().atMost(Duration.ofSeconds(20)).until(() -> log.stream().anyMatch(l -> l.endsWith("running")));
        for (String line : log) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no listen line in " + log);
    }

    @Test
    void verboseBrokerLogsLikeMosquitto() throws Exception {
        start("-p", "0", "-v");
        int port = awaitPort();
        assertThat(log).anyMatch(l -> l.matches("\\d+: Fountain broker version .+ starting"));
        assertThat(log).anyMatch(l -> l.endsWith(": Using default config."));
        assertThat(log).anyMatch(l -> l.endsWith(": Starting in local only mode. Connections will only be possible"
                + " from clients running on this machine."));
        try (PahoClient client = PahoClient.connect(port, "MQTT_FX_Client")) {
            client.subscribe("home/garden/fountain/2", 0);
            client.publish("home/garden/fountain/2", "hello world", 0, false);
            assertThat(client.next().payload()).isEqualTo("hello world");
            client.publish("home/garden/fountain/2", "on", 1, false);
            assertThat(client.next().payload()).isEqualTo("on");
        }
        await().untilAsserted(() -> assertThat(log)
                .anyMatch(l -> l.matches("\\d+: New connection from 127\\.0\\.0\\.1:\\d+ on port " + port + "\\."))
                .anyMatch(l -> l.matches("\\d+: New client connected from 127\\.0\\.0\\.1:\\d+ as MQTT_FX_Client"
                        + " \\(p2, c1, k60\\)\\."))
                .anyMatch(l -> l.endsWith(": Sending CONNACK to MQTT_FX_Client (0, 0)"))
                .anyMatch(l -> l.endsWith(": Received PUBLISH from MQTT_FX_Client (d0, q0, r0, m0,"
                        + " 'home/garden/fountain/2', ... (11 bytes))"))
                .anyMatch(l -> l.matches("\\d+: Sending PUBACK to MQTT_FX_Client \\(m\\d+, rc0\\)"))
                .anyMatch(l -> l.endsWith(": Client MQTT_FX_Client disconnected.")));
    }

    @Test
    void aConfigFileSetsListenersAndRefusesAnonymousClients() throws Exception {
        Path config = dir.resolve("mosquitto.conf");
        Files.write(config, List.of("listener 0 127.0.0.1"));
        start("-c", config.toString());
        int port = awaitPort();
        assertThat(log).anyMatch(l -> l.endsWith(": Config loaded from " + config + "."));
        PahoClient client = PahoClient.create(port, "modem");
        try (client) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.paho().connect(PahoClient.options()))
                    .hasMessageContaining("Not authorized");
        }
        await().untilAsserted(() -> assertThat(log).anyMatch(l -> l.contains("Client modem from 127.0.0.1:")
                && l.contains("refused (CONNACK rc 5, not authorised)")));
    }

    @Test
    void aBadConfigLineStopsStartupNamingFileLineAndKey() throws Exception {
        Path config = dir.resolve("broken.conf");
        Files.write(config, List.of("listener 0 127.0.0.1", "max_inflight_messages ten"));
        Process process = start("-c", config.toString());
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        broker = null;
        assertThat(process.exitValue()).isEqualTo(1);
        await().untilAsserted(() -> assertThat(log).anyMatch(l -> l.startsWith("Error: " + config + ":2: ")
                && l.contains("max_inflight_messages")));
    }

    /** A Mosquitto user's bridge, as they would write it, runs from the standalone jar. */
    @Test
    @Tag("interop")
    void aConnectionBlockBridgesToMosquitto() throws Exception {
        try (MosquittoBroker mosquitto = MosquittoBroker.start();
             PahoClient remote = PahoClient.connect(mosquitto.port(), "remote").subscribe("garden/#", 1)) {
            Path config = dir.resolve("mosquitto.conf");
            Files.write(config, List.of("listener 0 127.0.0.1", "allow_anonymous true", "connection cloud",
                    "address 127.0.0.1:" + mosquitto.port(), "topic garden/# out 1"));
            start("-c", config.toString());
            int port = awaitPort();
            try (PahoClient state = PahoClient.connect(port, "state").subscribe("$SYS/broker/connection/+/state", 1);
                 PahoClient sensor = PahoClient.connect(port, "sensor")) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !state.all().isEmpty()
                        && state.all().get(state.all().size() - 1).payload().equals("1"));
                sensor.publish("garden/soil", "dry", 1, false);
                assertThat(remote.next()).extracting(PahoClient.Received::topic, PahoClient.Received::payload)
                        .containsExactly("garden/soil", "dry");
            }
            assertThat(log).anyMatch(l -> l.endsWith(": Connecting bridge cloud (127.0.0.1:" + mosquitto.port() + ")"));
        }
    }

    @Test
    void helpPrintsUsage() throws Exception {
        Process process = start("-h");
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        broker = null;
        assertThat(process.exitValue()).isZero();
        await().untilAsserted(() -> assertThat(log).anyMatch(l -> l.startsWith("Usage: java -jar fountain-broker.jar")));
    }
}
