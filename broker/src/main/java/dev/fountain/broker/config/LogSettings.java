package dev.fountain.broker.config;

import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code log_type} and {@code log_dest} of one configuration read. Both repeat and add up, and the
 * first one in the files replaces Mosquitto's defaults rather than adding to them, so they are
 * collected here and set on the builder once the last file is read.
 */
final class LogSettings {

    private static final List<String> TYPES = List.of("error", "warning", "notice", "information",
            "subscribe", "unsubscribe", "debug", "websockets", "internal", "all", "none");
    private static final List<String> DESTINATIONS =
            List.of("stderr", "stdout", "file", "syslog", "topic", "dlt", "none");

    private final Set<LogType> types = EnumSet.noneOf(LogType.class);
    private ConfigLine lastType;
    private final Set<LogDestination> destinations = new LinkedHashSet<>();
    private ConfigLine lastDestination;
    private ConfigLine logFile;

    void type(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        lastType = line;
        String type = line.oneOf(TYPES);
        switch (type) {
            case "none" -> types.clear();
            case "all" -> types.addAll(LogType.all());
            case "internal" -> into.warning(line.warning(
                    "'internal' (Mosquitto's own debugging lines) has no counterpart in Fountain; ignored"));
            default -> types.add(LogType.fromConfig(type));
        }
    }

    void destination(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        lastDestination = line;
        List<String> words = line.words();
        if (words.size() > 1 && words.get(0).equals("file")) {
            file(line);
            return;
        }
        switch (line.oneOf(DESTINATIONS)) {
            case "none" -> destinations.clear();
            case "stderr" -> destinations.add(LogDestination.STDERR);
            case "stdout" -> destinations.add(LogDestination.STDOUT);
            case "file" -> throw line.missing("a file name after 'file'");
            default -> {
                destinations.add(LogDestination.STDERR);
                into.warning(line.warning("'" + words.get(0) + "' is not supported yet; logging to stderr instead"));
            }
        }
    }

    private void file(ConfigLine line) throws ConfigException {
        if (logFile != null) {
            // Mosquitto: Duplicate "log_dest file" value.
            throw line.error("only one log file is possible, and " + logFile.file() + ":" + logFile.number()
                    + " already names one");
        }
        logFile = line;
        String afterFile = line.value().substring("file".length()).strip();
        destinations.add(LogDestination.file(line.withValue(afterFile).path("a file name after 'file'")));
    }

    /** Sets what the files asked for, replacing the defaults, once every file has been read. */
    void finish(BrokerConfig.Builder into) {
        if (lastType != null) {
            into.logTypes(types);
        }
        if (lastDestination != null) {
            into.clearLogDestinations();
            destinations.forEach(into::logDestination);
        }
    }
}
