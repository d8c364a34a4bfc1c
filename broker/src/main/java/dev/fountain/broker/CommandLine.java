package dev.fountain.broker;

import dev.fountain.broker.config.ConfigException;
import dev.fountain.broker.log.LogType;
import java.nio.file.Path;

/**
 * Mosquitto's command line, the part a broker without daemon mode needs: {@code -c FILE},
 * {@code -p PORT}, {@code -v}, {@code -h}. The standalone broker and Fountain applications take
 * the same flags.
 *
 * @param configFile the {@code -c} file, or {@code null}
 * @param port the {@code -p} port, or {@code null}
 */
public record CommandLine(Path configFile, Integer port, boolean verbose, boolean help) {

    public static CommandLine parse(String[] args) {
        Path configFile = null;
        Integer port = null;
        boolean verbose = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-c", "--config-file" -> configFile = Path.of(value(args, ++i, arg));
                case "-p", "--port" -> port = port(value(args, ++i, arg));
                case "-v", "--verbose" -> verbose = true;
                case "-h", "--help" -> help = true;
                case "-d", "--daemon" -> throw new IllegalArgumentException(
                        "-d (daemon mode) is not supported: run the broker under systemd or another supervisor.");
                default -> throw new IllegalArgumentException("Unknown option '" + arg + "'.");
            }
        }
        return new CommandLine(configFile, port, verbose, help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " argument given, but no value specified.");
        }
        return args[index];
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the value that was given
        }
        throw new IllegalArgumentException("Invalid port specified (" + text + ").");
    }

    /**
     * Applies the flags to a broker being built: {@code -c} reads the file, {@code -p} sets the
     * port of every listener, {@code -v} turns on every log category.
     */
    public Broker.Builder applyTo(Broker.Builder broker) throws ConfigException {
        if (configFile != null) {
            broker.configFile(configFile);
        }
        if (port != null) {
            broker.port(port);
        }
        if (verbose) {
            broker.configure(config -> config.logTypes(LogType.all()));
        }
        return broker;
    }

    /** What {@code -h} prints; {@code program} is how the user started it. */
    public static String usage(String program, String version) {
        return "Fountain version " + version + "\n\n"
                + "An MQTT v5.0/v3.1.1/v3.1 broker that takes Mosquitto's command line and configuration.\n\n"
                + "Usage: " + program + " [-c config_file] [-p port] [-v]\n\n"
                + " -c : specify the broker config file (mosquitto.conf syntax).\n"
                + " -h : display this help.\n"
                + " -p : start the broker listening on the specified port.\n"
                + "      Without -c it listens on loopback only, like mosquitto.\n"
                + " -v : verbose mode - enable all logging types. This overrides\n"
                + "      any logging options given in the config file.\n";
    }
}
