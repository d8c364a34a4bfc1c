package dev.fountain.broker;

import dev.fountain.broker.config.ConfigException;
import dev.fountain.broker.log.LogType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone broker: {@code java -jar fountain-broker.jar [-c FILE] [-p PORT] [-v] [-h]}, with
 * Mosquitto's flags and meaning. Runs until interrupted (Ctrl-C, SIGTERM).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status >= 0) {
            System.exit(status);
        }
    }

    /**
     * Parses {@code args} and runs the broker until the JVM is asked to stop.
     *
     * @return an exit status when the broker did not start or only printed help, else -1 after a
     *     clean stop
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            err.println("See 'java -jar fountain-broker.jar -h' for usage.");
            return 1;
        }
        if (commandLine.help()) {
            out.print(CommandLine.usage(Broker.VERSION));
            return 0;
        }
        Broker broker;
        try {
            broker = build(commandLine).start();
        } catch (ConfigException | IOException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "fountain-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** The broker a command line asks for, logging as its configuration says (stderr by default). */
    static Broker build(CommandLine commandLine) throws ConfigException {
        Broker.Builder broker = Broker.builder().logToConfiguredDestinations();
        if (commandLine.configFile() != null) {
            broker.configFile(commandLine.configFile());
        }
        if (commandLine.port() != null) {
            broker.port(commandLine.port());
        }
        if (commandLine.verbose()) {
            broker.configure(config -> config.logTypes(LogType.all()));
        }
        return broker.build();
    }

    /** Mosquitto's command line, the part a broker without daemon mode needs. */
    record CommandLine(Path configFile, Integer port, boolean verbose, boolean help) {

        static CommandLine parse(String[] args) {
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

        static String usage(String version) {
            return "Fountain broker version " + version + "\n\n"
                    + "An MQTT v3.1.1/v3.1 broker that takes Mosquitto's command line and configuration.\n\n"
                    + "Usage: java -jar fountain-broker.jar [-c config_file] [-p port] [-v]\n\n"
                    + " -c : specify the broker config file (mosquitto.conf syntax).\n"
                    + " -h : display this help.\n"
                    + " -p : start the broker listening on the specified port.\n"
                    + "      Without -c it listens on loopback only, like mosquitto.\n"
                    + " -v : verbose mode - enable all logging types. This overrides\n"
                    + "      any logging options given in the config file.\n";
        }
    }
}
