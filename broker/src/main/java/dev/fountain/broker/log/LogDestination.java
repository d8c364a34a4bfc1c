package dev.fountain.broker.log;

import java.nio.file.Path;

/**
 * Where log lines go: Mosquitto's {@code log_dest}, plus {@code slf4j} for embedding. It lives
 * with the log rather than the configuration so that the log opens without knowing the
 * configuration class: config reads settings for the log, the log never reads config.
 */
public record LogDestination(Kind kind, Path file) {
    public enum Kind { STDERR, STDOUT, FILE, SLF4J }

    public static final LogDestination STDERR = new LogDestination(Kind.STDERR, null);
    public static final LogDestination STDOUT = new LogDestination(Kind.STDOUT, null);
    public static final LogDestination SLF4J = new LogDestination(Kind.SLF4J, null);

    public static LogDestination file(Path file) {
        return new LogDestination(Kind.FILE, file);
    }
}
