package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.testing.PahoClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive, {@code broker/target/fountain-broker-<version>.tar.gz}, unpacked and
 * started through {@code bin/fountain-broker} as an operator (or its systemd unit) would.
 */
class DistributionIT {

    private static final Pattern LISTENING = Pattern.compile("Opening ipv4 listen socket on port (\\d+)\\.");

    @TempDir
    Path dir;

    private Path home;
    private Process broker;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void unpack() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().matches("fountain-broker-.+\\.tar\\.gz"))
                    .toList();
            assertThat(archives).as("one distribution archive in target/").hasSize(1);
            archive = archives.get(0);
        }
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toAbsolutePath().toString())
                .directory(dir.toFile()).inheritIO().start();
        assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        String top = archive.getFileName().toString().replace(".tar.gz", "");
        home = dir.resolve(top);
        assertThat(home.resolve("bin/fountain-broker")).isExecutable();
        assertThat(home.resolve("lib/fountain-broker.jar")).isRegularFile();
        assertThat(home.resolve("etc/fountain.conf")).isRegularFile();
        assertThat(home.resolve("systemd/fountain-broker.service")).isRegularFile();
        assertThat(home.resolve("README.txt")).content().contains("bin/fountain-broker");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroyForcibly();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** {@code bin/fountain-broker args}, with this test's Java as JAVA_HOME and {@code env} added. */
    private Process launch(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/fountain-broker").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("FOUNTAIN_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        log.clear();
        Process process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(log::add);
            } catch (IOException | UncheckedIOException e) {
                // the process is gone and its output closed: nothing more to read
            }
        });
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private int awaitPort() {
        await().atMost(Duration.ofSeconds(20)).until(() -> log.stream().anyMatch(l -> l.endsWith("running"))
                || !broker.isAlive());
        for (String line : log) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no listen line in " + log);
    }

    private int exitOf(Process process) throws InterruptedException {
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exits").isTrue();
        return process.exitValue();
    }

    @Test
    void launcherRunsTheBrokerAsItsOwnProcessAndSigtermStopsItCleanly() throws Exception {
        broker = launch(Map.of(), "-p", "0", "-v");
        int port = awaitPort();
        // exec: the process started is the JVM itself, so a signal to it reaches the broker.
        assertThat(broker.info().command()).hasValueSatisfying(c -> assertThat(Path.of(c).getFileName())
                .hasToString("java"));
        try (PahoClient client = PahoClient.connect(port, "garden")) {
            client.subscribe("home/garden/#", 1);
            client.publish("home/garden/fountain/2", "on", 1, false);
            assertThat(client.next().payload()).isEqualTo("on");
        }
        // SIGTERM, through the handle: Process.destroy() would also close our end of its output.
        assertThat(broker.toHandle().destroy()).isTrue();
        assertThat(exitOf(broker)).as("the JVM's status after SIGTERM").isEqualTo(143);
        await().untilAsserted(() -> assertThat(log).anyMatch(l -> l.endsWith("terminating")));
        assertThat(log).noneMatch(l -> l.contains("Exception"));
    }

    /** The shipped example config, with only its listener and store moved to this test's own. */
    @Test
    void theExampleConfigLoadsAndItsStoreSurvivesARestart() throws Exception {
        Path store = dir.resolve("state");
        List<String> lines = Files.readAllLines(home.resolve("etc/fountain.conf")).stream()
                .map(l -> l.equals("listener 1883") ? "listener 0 127.0.0.1" : l)
                .map(l -> l.equals("allow_anonymous false") ? "allow_anonymous true" : l)
                .map(l -> l.startsWith("persistence_location ") ? "persistence_location " + store + "/" : l)
                .collect(Collectors.toList());
        assertThat(lines).contains("listener 0 127.0.0.1", "allow_anonymous true", "persistence true");
        Path config = dir.resolve("fountain.conf");
        Files.write(config, lines);

        broker = launch(Map.of(), "-c", config.toString());
        int port = awaitPort();
        // A key the broker does not apply would be warned about as "<file>:<line>: <key>: ...".
        assertThat(log).noneMatch(l -> l.contains(config + ":") || l.startsWith("Error"));
        try (PahoClient client = PahoClient.connect(port, "gardener")) {
            client.publish("home/garden/fountain/2/status", "on", 1, true);
        }
        assertThat(broker.toHandle().destroy()).isTrue(); // SIGTERM
        assertThat(exitOf(broker)).isEqualTo(143);

        broker = launch(Map.of(), "-c", config.toString());
        port = awaitPort();
        assertThat(log).anyMatch(l -> l.contains("Restored ") && l.contains(" 1 retained messages from "));
        try (PahoClient client = PahoClient.connect(port, "page").subscribe("home/garden/#", 1)) {
            assertThat(client.next()).extracting(PahoClient.Received::topic, PahoClient.Received::payload)
                    .containsExactly("home/garden/fountain/2/status", "on");
        }
    }

    @Test
    void optionsFromTheEnvironmentReplaceTheDefaultHeapAndCollectorAndKeepTheRest() throws Exception {
        Process help = launch(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags",
                "FOUNTAIN_JAVA_OPTS", "-Xmx96m -XX:+UseSerialGC"), "-h");
        assertThat(exitOf(help)).isZero();
        await().untilAsserted(() -> assertThat(log).anyMatch(l -> l.startsWith("Usage: fountain-broker ")));
        String flags = log.stream().filter(l -> l.contains("-XX:MaxHeapSize=")).findFirst().orElseThrow();
        assertThat(flags).contains("-XX:MaxHeapSize=100663296", "-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=",
                "-XX:+ExitOnOutOfMemoryError").doesNotContain("UseParallelGC", "UseG1GC");
    }

    @Test
    void aJavaHomeWithoutJavaIsNamed() throws Exception {
        Process process = launch(Map.of("JAVA_HOME", dir.resolve("no-such-jdk").toString()), "-p", "0");
        assertThat(exitOf(process)).isEqualTo(1);
        await().untilAsserted(() -> assertThat(log).anyMatch(l -> l.startsWith("fountain-broker: JAVA_HOME is '")
                && l.contains("no-such-jdk/bin/java is not a program") && l.contains("Java 17")));
    }

    @Test
    void aJavaOlderThan17IsRefusedWithItsVersion() throws Exception {
        Path old = dir.resolve("jdk8");
        Files.createDirectories(old.resolve("bin"));
        Path java = old.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"1.8.0_292\"' >&2\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Process process = launch(Map.of("JAVA_HOME", old.toString()), "-p", "0");
        assertThat(exitOf(process)).isEqualTo(1);
        await().untilAsserted(() -> assertThat(log).anyMatch(l -> l.equals("fountain-broker: " + java
                + " is Java 8; Fountain needs Java 17 or later: set JAVA_HOME to one")));
    }
}
