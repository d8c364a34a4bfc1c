package dev.fountain.app;

import com.google.inject.Module;
import dev.fountain.broker.Broker;
import dev.fountain.broker.CommandLine;
import dev.fountain.broker.NettyDefaults;
import dev.fountain.broker.PortInUse;
import dev.fountain.broker.UntilStopped;
import java.net.BindException;
import java.nio.file.Path;

/**
 * Runs a Fountain application: the embedded broker, Guice, and every {@code @Subscribe} handler the
 * annotation processor found, subscribed in the broker like any client.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Fountain.run(GardenApp.class, args);   // -c FILE, -p PORT, -v as for mosquitto
 * }
 * }</pre>
 *
 * An application needs no main class of its own: {@code java dev.fountain.app.Fountain [-p 1883]}
 * finds the generated routing tables and {@code @AppModule} modules on the class path.
 */
public final class Fountain {

    private Fountain() {
    }

    /** Runs the application on the class path with the broker's command line, until stopped. */
    public static void main(String[] args) {
        run(Fountain.class, args);
    }

    /**
     * Starts the application and blocks until the JVM is asked to stop (Ctrl-C, SIGTERM). If
     * {@code application} is a Guice module it is installed. A setting that cannot work ends the
     * process with status 1 and a message that says what to fix.
     */
    public static void run(Class<?> application, String... args) {
        NettyDefaults.apply();
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (commandLine.help()) {
            System.out.print(CommandLine.usage(launchCommand(application), Broker.VERSION));
            return;
        }
        RunningApp app;
        try {
            FountainBuilder builder = builder().commandLine(commandLine).classLoader(application.getClassLoader());
            if (Module.class.isAssignableFrom(application)) {
                builder.module(application.asSubclass(Module.class).getDeclaredConstructor().newInstance());
            }
            app = builder.start();
        } catch (StartupException | ReflectiveOperationException e) {
            System.err.println("Error: " + (e.getCause() instanceof BindException inUse
                    ? PortInUse.advice(inUse, "-p <port>") : e.getMessage()));
            System.exit(1);
            return;
        }
        UntilStopped.await(app);
    }

    public static FountainBuilder builder() {
        return new FountainBuilder();
    }

    /**
     * How the user started this program, for the usage line: {@code java -jar app.jar} when the JVM
     * was started with a jar (OpenJDK's {@code sun.java.command} names it first), else {@code java}
     * and the main class.
     */
    private static String launchCommand(Class<?> application) {
        String command = System.getProperty("sun.java.command", "");
        String first = command.isBlank() ? "" : command.strip().split("\\s+")[0];
        if (first.endsWith(".jar")) {
            return "java -jar " + Path.of(first).getFileName();
        }
        return "java " + application.getName();
    }
}
