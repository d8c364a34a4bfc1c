package dev.fountain.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of the application's JVM.
 *
 * <p>In dev mode the runtime's {@code DevMode} launcher loads the application's classes from the
 * classes directory in a class loader of its own, so that directory must not also be on the JVM's
 * class path: the parent loader would find the classes first and a reload would change nothing.
 * With a main class of the user's, the JVM is restarted on every change, so everything is on the
 * class path.
 */
final class AppCommand {

    static final String DEV_MODE = "dev.fountain.app.DevMode";

    private final List<String> command;
    private final boolean reloadsInPlace;

    private AppCommand(List<String> command, boolean reloadsInPlace) {
        this.command = List.copyOf(command);
        this.reloadsInPlace = reloadsInPlace;
    }

    /** {@code java <jvmArgs> -cp <dependencies> DevMode <classes> <args>}. */
    static AppCommand devMode(Path java, List<String> jvmArgs, List<String> runtimeClasspath, Path classes,
            List<String> args) {
        List<String> dependencies = runtimeClasspath.stream()
                .filter(element -> !samePath(element, classes))
                .toList();
        List<String> command = start(java, jvmArgs, dependencies, DEV_MODE);
        command.add(classes.toString());
        command.addAll(args);
        return new AppCommand(command, true);
    }

    /** {@code java <jvmArgs> -cp <classes and dependencies> <mainClass> <args>}. */
    static AppCommand mainClass(Path java, List<String> jvmArgs, List<String> runtimeClasspath, String mainClass,
            List<String> args) {
        List<String> command = start(java, jvmArgs, runtimeClasspath, mainClass);
        command.addAll(args);
        return new AppCommand(command, false);
    }

    /** The broker's flags, as Mosquitto spells them: {@code -c FILE}, {@code -p PORT}, {@code -v}. */
    static List<String> brokerFlags(Integer port, File configFile, boolean verbose) {
        List<String> flags = new ArrayList<>();
        if (configFile != null) {
            flags.add("-c");
            flags.add(configFile.getAbsolutePath());
        }
        if (port != null) {
            flags.add("-p");
            flags.add(port.toString());
        }
        if (verbose) {
            flags.add("-v");
        }
        return flags;
    }

    /**
     * The JVM option that makes the application a client of the broker at {@code url} instead of
     * starting its own ({@code fountain.broker.url}).
     *
     * @throws IllegalArgumentException when broker flags were given too: they would configure a
     *     broker that does not run
     */
    static String clientMode(String url, List<String> brokerFlags) {
        if (!brokerFlags.isEmpty()) {
            throw new IllegalArgumentException("mqtt.url makes the application a client of " + url
                    + ", so no embedded broker runs for mqtt.port, mqtt.config or mqtt.verbose to configure: drop "
                    + String.join(" ", brokerFlags) + " or mqtt.url");
        }
        return "-Dfountain.broker.url=" + url.strip();
    }

    /** Splits a command-line string such as {@code "-Xmx256m -Dx=y"} on whitespace. */
    static List<String> split(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return List.of();
        }
        return Arrays.asList(arguments.strip().split("\\s+"));
    }

    List<String> command() {
        return command;
    }

    /** Whether a new version is loaded by telling the running JVM, rather than by starting a new one. */
    boolean reloadsInPlace() {
        return reloadsInPlace;
    }

    private static List<String> start(Path java, List<String> jvmArgs, List<String> classpath, String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(mainClass);
        return command;
    }

    private static boolean samePath(String element, Path path) {
        return Path.of(element).toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize());
    }
}
