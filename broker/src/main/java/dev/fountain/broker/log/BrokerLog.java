package dev.fountain.broker.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's log, in Mosquitto's words and categories so that a {@code mosquitto -v} user reads
 * it without a dictionary: {@code 1535474247: New connection from 192.168.1.105:53874 on port
 * 1883.} Callers check {@link #enabled(LogType)} before building a per-packet line, so a broker
 * without {@code -v} formats nothing on the hot path.
 */
public final class BrokerLog {

    private static final Logger SLF4J = LoggerFactory.getLogger("dev.fountain.broker");

    private final Set<LogType> types;
    private final List<PrintStream> streams;
    private final boolean slf4j;
    private final Timestamps timestamps;

    private BrokerLog(Set<LogType> types, List<PrintStream> streams, boolean slf4j, Timestamps timestamps) {
        this.types = EnumSet.copyOf(types);
        this.streams = List.copyOf(streams);
        this.slf4j = slf4j;
        this.timestamps = timestamps;
    }

    /**
     * Opens {@code destinations}; a log file is appended to, as Mosquitto does.
     *
     * @param types the categories to log ({@code log_type})
     * @param timestamps whether lines start with a timestamp ({@code log_timestamp})
     * @param timestampFormat a strftime format ({@code log_timestamp_format}), or {@code null} for
     *     seconds since the epoch
     * @throws IOException when a log file cannot be opened
     */
    public static BrokerLog open(Set<LogType> types, List<LogDestination> destinations, boolean timestamps,
            String timestampFormat) throws IOException {
        List<PrintStream> streams = new ArrayList<>();
        boolean slf4j = false;
        for (LogDestination destination : destinations) {
            switch (destination.kind()) {
                case STDERR -> streams.add(System.err);
                case STDOUT -> streams.add(System.out);
                case SLF4J -> slf4j = true;
                case FILE -> {
                    OutputStream out = Files.newOutputStream(destination.file(),
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
                    streams.add(new PrintStream(out, true, StandardCharsets.UTF_8));
                }
            }
        }
        return new BrokerLog(types, streams, slf4j,
                timestamps ? Timestamps.of(timestampFormat, Clock.systemDefaultZone()) : null);
    }

    /** A log that writes lines of {@code types} to SLF4J only, for embedding and tests. */
    public static BrokerLog toSlf4j(Set<LogType> types) {
        return new BrokerLog(types, List.of(), true, null);
    }

    public boolean enabled(LogType type) {
        return types.contains(type);
    }

    public void error(String line) {
        log(LogType.ERROR, line);
    }

    public void warning(String line) {
        log(LogType.WARNING, line);
    }

    public void notice(String line) {
        log(LogType.NOTICE, line);
    }

    public void information(String line) {
        log(LogType.INFORMATION, line);
    }

    public void debug(String line) {
        log(LogType.DEBUG, line);
    }

    /** Writes {@code line} if {@code type} is enabled. */
    public void log(LogType type, String line) {
        if (!types.contains(type)) {
            return;
        }
        if (!streams.isEmpty()) {
            String text = timestamps == null ? line : timestamps.now() + ": " + line;
            for (PrintStream stream : streams) {
                stream.println(text);
            }
        }
        if (slf4j) {
            switch (type) {
                case ERROR -> SLF4J.error(line);
                case WARNING -> SLF4J.warn(line);
                case NOTICE, INFORMATION -> SLF4J.info(line);
                default -> SLF4J.debug(line);
            }
        }
    }

    /** Closes log files; the standard streams stay open. */
    public void close() {
        for (PrintStream stream : streams) {
            if (stream != System.err && stream != System.out) {
                stream.close();
            }
        }
    }
}
