package dev.fountain.maven;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The application's JVM, a child of Maven's.
 *
 * <p>Standard error is inherited. Standard output is copied to Maven's console line by line, and
 * the launcher's status lines ({@code Fountain dev mode: ...}) are also kept for the loop that
 * waits on them. In dev mode standard input stays open for as long as the application should run:
 * {@code DevMode} reads {@code reload} there and stops at its end, so even a Maven killed with
 * SIGKILL leaves no application, and no bound port, behind.
 */
final class AppProcess {

    static final String STATUS_PREFIX = "Fountain dev mode: ";
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
    private final CountDownLatch outputEnded = new CountDownLatch(1);

    private AppProcess(Process process, PrintStream console) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), Charset.defaultCharset());
        Thread pump = new Thread(() -> copyOutput(console), "mqtt-run-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code command} in {@code workingDirectory}. With {@code commandsOnStdin} its standard
     * input is a pipe for {@link #reload()}; otherwise it shares Maven's.
     */
    static AppProcess start(List<String> command, boolean commandsOnStdin, File workingDirectory,
            PrintStream console) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(commandsOnStdin ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT);
        return new AppProcess(builder.start(), console);
    }

    /** Asks {@code DevMode} to load the classes directory again; false if it can no longer be asked. */
    boolean reload() {
        statuses.clear();
        try {
            commands.write("reload\n");
            commands.flush();
            return true;
        } catch (IOException e) {
            // The pipe closed: the process has ended since it was last seen alive.
            return false;
        }
    }

    /**
     * The next status line after its prefix, or empty if none came within {@code timeout} or the
     * process ended without printing one.
     */
    Optional<String> awaitStatus(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String status = statuses.poll(100, TimeUnit.MILLISECONDS);
            if (status != null) {
                return Optional.of(status);
            }
            if (outputEnded.getCount() == 0 && statuses.isEmpty()) {
                // The end of its output comes a moment before the process is reaped; callers then ask
                // whether it is alive and for its exit status.
                process.waitFor(5, TimeUnit.SECONDS);
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Stops the application: SIGTERM, so its shutdown hook closes the broker, then SIGKILL after 5 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void copyOutput(PrintStream console) {
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
            String line;
            while ((line = output.readLine()) != null) {
                console.println(line);
                if (line.startsWith(STATUS_PREFIX)) {
                    statuses.add(line.substring(STATUS_PREFIX.length()));
                }
            }
        } catch (IOException e) {
            // The process is gone and took its pipe with it; there is nothing left to copy.
            if (process.isAlive()) {
                throw new UncheckedIOException(e);
            }
        } finally {
            outputEnded.countDown();
        }
    }
}
