package dev.fountain.broker.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the outside programs interop tests drive (mosquitto_pub, mosquitto_sub, mosquitto_passwd).
 * A missing program fails the test with what to install: interop tests never skip.
 */
public final class Programs {

    private Programs() {
    }

    /** What a finished program printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** A program running in the background; {@link #close()} kills it. */
    public static final class Running implements AutoCloseable {
        private final Process process;

        Running(Process process) {
            this.process = process;
        }

        /** Waits for it to end by itself. */
        public Result await(Duration timeout) throws Exception {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("%s did not finish within %s; it printed: %s %s", process.info().command().orElse("?"),
                        timeout, read(process.getInputStream()), read(process.getErrorStream()));
            }
            return new Result(process.exitValue(), read(process.getInputStream()), read(process.getErrorStream()));
        }

        /** Kills it with SIGKILL, as a device losing power. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }

    public static Running start(String... command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(command));
        try {
            return new Running(builder.start());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + ": this interop test needs it installed"
                    + " (Debian: apt-get install mosquitto mosquitto-clients). " + e.getMessage(), e);
        }
    }

    /** Runs a program to its end, within 20 seconds. */
    public static Result run(String... command) throws Exception {
        return start(command).await(Duration.ofSeconds(20));
    }

    private static String read(java.io.InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
}
