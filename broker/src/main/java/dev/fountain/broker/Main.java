package dev.fountain.broker;

import dev.fountain.broker.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;

/**
 * The standalone broker: {@code java -jar fountain-broker.jar [-c FILE] [-p PORT] [-v] [-h]}, with
 * Mosquitto's flags and meaning. Runs until interrupted (Ctrl-C, SIGTERM).
 */
public final class Main {

    /**
     * How the user started the broker, for usage and error messages: {@code bin/fountain-broker}
     * sets it, so its help names the launcher rather than {@code java -jar}.
     */
    private static final String PROGRAM = System.getProperty("fountain.program", "java -jar fountain-broker.jar");

    private Main() {
    }

    public static void main(String[] args) {
        NettyDefaults.apply();
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
            err.println("See '" + PROGRAM + " -h' for usage.");
            return 1;
        }
        if (commandLine.help()) {
            out.print(CommandLine.usage(PROGRAM, Broker.VERSION));
            return 0;
        }
        Broker broker;
        try {
            broker = build(commandLine).start();
        } catch (BindException e) {
            err.println("Error: " + PortInUse.advice(e, "-p <port> (or a listener line in the config file)"));
            return 1;
        } catch (ConfigException | IOException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        UntilStopped.await(broker);
        return -1;
    }

    /** The broker a command line asks for, logging as its configuration says (stderr by default). */
    static Broker build(CommandLine commandLine) throws ConfigException {
        return commandLine.applyTo(Broker.builder().logToConfiguredDestinations()).build();
    }
}
