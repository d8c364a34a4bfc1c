package dev.fountain.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the packaged broker, {@code java -jar target/fountain-broker.jar -c <config>}, as
 * {@code StandaloneBrokerIT} starts it, with its log kept line by line. {@link #kill()} is
 * {@code kill -9}: the JVM gets no chance to flush or close anything.
 */
final class BrokerProcess implements AutoCloseable {

    /** The line issue 14 has the broker log once it has read its store back. */
    static final Pattern RESTORED =
            Pattern.compile("Restored (\\d+) sessions, (\\d+) queued messages, (\\d+) retained messages from .* in (\\d+) ms");

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private BrokerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(log::add);
            } catch (IOException | UncheckedIOException e) {
                // the process is gone and its output closed: nothing more to read
            }
        }, "broker-log-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the jar and returns once it logs that it is running, that is, listening. */
    static BrokerProcess start(Path config) throws IOException, InterruptedException {
        Path jar = Path.of("target", "fountain-broker.jar");
        assertThat(jar).as("the standalone jar; build it with mvn package").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-jar", jar.toString(), "-c", config.toString())
                .redirectErrorStream(true).start();
        BrokerProcess broker = new BrokerProcess(process);
        await("the broker to run").atMost(STARTUP).pollInterval(Duration.ofMillis(20))
                .until(() -> broker.running() || !process.isAlive());
        if (!broker.running()) {
            process.waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("the broker stopped while starting (exit code "
                    + (process.isAlive() ? "none yet" : process.exitValue()) + "); it logged:\n  "
                    + String.join("\n  ", broker.log));
        }
        return broker;
    }

    private boolean running() {
        return log.stream().anyMatch(line -> line.endsWith(" running"));
    }

    /** SIGKILL ({@code Process.destroyForcibly()} on Linux), then waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("broker pid %d dies on SIGKILL", process.pid()).isTrue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** How the process ended, for a report: it should only ever end by our SIGKILL (exit 137). */
    String exit() {
        return process.isAlive() ? "still running" : "exit code " + process.exitValue();
    }

    /** The "restored N sessions, ..." line, if the broker logged one. */
    Optional<Matcher> restoredLine() {
        return log.stream().map(RESTORED::matcher).filter(Matcher::find).findFirst();
    }

    List<String> log() {
        return log;
    }

    /** The last lines of the log, for a failure message. */
    String tail(int lines) {
        List<String> copy = List.copyOf(log);
        return String.join("\n    ", copy.subList(Math.max(0, copy.size() - lines), copy.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
