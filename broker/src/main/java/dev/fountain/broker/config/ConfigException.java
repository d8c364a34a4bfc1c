package dev.fountain.broker.config;

import java.nio.file.Path;

/**
 * A configuration the broker cannot start with. When it comes from a file the message names the
 * file, the line and the key, the way a user goes looking for it: {@code mosquitto.conf:12:
 * max_inflight_messages: expected a whole number from 0 to 65535, found 'ten'}.
 */
public final class ConfigException extends Exception {

    private final Path file;
    private final int line;
    private final String key;

    public ConfigException(Path file, int line, String key, String problem) {
        super(format(file, line, key, problem));
        this.file = file;
        this.line = line;
        this.key = key;
    }

    public ConfigException(String problem) {
        this(null, 0, null, problem);
    }

    public ConfigException(String problem, Throwable cause) {
        super(problem, cause);
        this.file = null;
        this.line = 0;
        this.key = null;
    }

    private static String format(Path file, int line, String key, String problem) {
        StringBuilder text = new StringBuilder();
        if (file != null) {
            text.append(file).append(':');
            if (line > 0) {
                text.append(line).append(':');
            }
            text.append(' ');
        }
        if (key != null) {
            text.append(key).append(": ");
        }
        return text.append(problem).toString();
    }

    /** The file the problem is in, or {@code null} when it did not come from a file. */
    public Path file() {
        return file;
    }

    /** The 1-based line of {@link #file()}, or 0. */
    public int line() {
        return line;
    }

    /** The configuration key on that line, or {@code null}. */
    public String key() {
        return key;
    }
}
