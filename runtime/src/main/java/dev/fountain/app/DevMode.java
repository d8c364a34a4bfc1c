package dev.fountain.app;

import dev.fountain.app.connector.client.ClientSettings;
import dev.fountain.app.metrics.StatusLine;
import dev.fountain.broker.Broker;
import dev.fountain.broker.PortInUse;
import dev.fountain.broker.CommandLine;
import dev.fountain.broker.NettyDefaults;
import dev.fountain.broker.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development loop's launcher, started by {@code mvn mqtt:run}:
 * {@code java -cp <dependencies> dev.fountain.app.DevMode <classes dir> [broker flags]}.
 *
 * <p>The broker starts once and stays up; the application (its classes, handlers and injector)
 * runs in a class loader of its own, loaded from a snapshot of the classes directory. A line
 * {@code reload} on standard input, sent after a successful compile, stops the handlers and starts
 * the new classes on the same broker, so retained messages and persistent sessions survive, and a
 * reload costs no JVM or broker start. A version that fails to start is reported and the previous
 * one comes back. The end of standard input (the Maven process is gone) stops everything.
 *
 * <p>With {@code fountain.broker.url} set ({@code mvn mqtt:run -Dmqtt.url=...}, or the application's
 * own settings) no broker starts: each version is a client of that broker, and a reload closes the
 * handlers' connections and opens the new version's under the same client ids, so their persistent
 * sessions keep what arrives in between.
 */
public final class DevMode {

    /** The system property {@code mvn mqtt:run} sets when Maven runs on a terminal. */
    public static final String STATUS_LINE = "fountain.status-line";
    private static final int STATUS_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(DevMode.class);

    private final Path classes;
    /** The embedded broker every version runs on; null in client mode. */
    private final Broker broker;
    private final Path snapshots;
    private Generation current;
    private int generations;
    /** The running version's status line; a new version starts its own. */
    private volatile StatusLine statusLine;

    /** One loaded version of the application. */
    private record Generation(int number, Path snapshot, URLClassLoader loader, RunningApp app) {
    }

    private DevMode(Path classes, Broker broker) throws IOException {
        this.classes = classes;
        this.broker = broker;
        this.snapshots = Files.createTempDirectory("fountain-dev-");
    }

    public static void main(String[] args) throws Exception {
        NettyDefaults.apply();
        if (args.length < 1) {
            System.err.println("Usage: java dev.fountain.app.DevMode <classes directory> [-c FILE] [-p PORT] [-v]");
            System.exit(2);
        }
        String[] brokerArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
        Optional<String> external = AppConfig.load(Map.of(),
                new URLClassLoader(new URL[] {url(Path.of(args[0]))}, null)).get(ClientSettings.URL);
        if (external.isPresent()) {
            if (brokerArgs.length > 0) {
                System.err.println("Error: " + ClientSettings.URL + " is " + external.get() + ", so no embedded broker"
                        + " runs for " + String.join(" ", brokerArgs) + " to configure.");
                System.exit(1);
                return;
            }
            runAsClient(Path.of(args[0]), external.get());
            return;
        }
        Broker broker;
        try {
            Broker.Builder builder = CommandLine.parse(brokerArgs)
                    .applyTo(Broker.builder().logToConfiguredDestinations());
            AppConfig settings = AppConfig.load(Map.of(), new URLClassLoader(new URL[] {url(Path.of(args[0]))}, null));
            builder.configure(config -> config.persistence(StoreSettings.apply(settings, config.persistence())));
            Path page = Path.of(args[0]).resolve("public");
            // Served from the classes directory itself, so a saved page shows after the next copy of
            // the resources, without a reload; without a page the port still serves /metrics,
            // /health and the status page.
            Path served = Files.isRegularFile(page.resolve("index.html")) ? page : null;
            builder.configure(config -> WebPage.serve(config, served, settings));
            broker = builder.build().startWithoutListeners();
            // Not ready until a version's handlers are subscribed; each version replaces this check.
            broker.http().health().check("handlers", () -> false);
        } catch (ConfigException | IOException | IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(1);
            return;
        }
        DevMode dev = new DevMode(Path.of(args[0]), broker);
        Runtime.getRuntime().addShutdownHook(new Thread(dev::stop, "fountain-dev-shutdown"));
        long start = System.nanoTime();
        boolean loaded = dev.load();
        try {
            // After the first version subscribed: no message arrives before its handler.
            broker.openListeners();
        } catch (IOException e) {
            dev.stop();
            System.err.println("Error: " + (e instanceof BindException inUse
                    ? PortInUse.advice(inUse, "-Dmqtt.port=<port>") : e.getMessage()));
            System.exit(1);
            return;
        }
        if (loaded) {
            status("application started (version 1) in " + elapsedMillis(start) + " ms; broker on port "
                    + broker.port() + ".");
        }
        dev.printStatusLines();
        dev.listen();
        System.exit(0);
    }

    /**
     * Every {@link #STATUS_SECONDS} a line with connections, message rates and handler errors, when
     * {@code mvn mqtt:run} runs on a terminal: the plugin says so with {@link #STATUS_LINE}, as
     * this JVM's own standard input is a pipe and cannot tell.
     */
    private void printStatusLines() {
        if (!Boolean.getBoolean(STATUS_LINE)) {
            return;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fountain-status-line");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> {
            StatusLine line = statusLine;
            if (line != null) {
                status(line.next());
            }
        }, STATUS_SECONDS, STATUS_SECONDS, TimeUnit.SECONDS);
    }

    private static void runAsClient(Path classes, String url) throws IOException {
        DevMode dev = new DevMode(classes, null);
        Runtime.getRuntime().addShutdownHook(new Thread(dev::stop, "fountain-dev-shutdown"));
        long start = System.nanoTime();
        if (dev.load()) {
            status("application started (version 1) in " + elapsedMillis(start) + " ms; client of " + url + ".");
        }
        dev.printStatusLines();
        dev.listen();
        System.exit(0);
    }

    private void listen() throws IOException {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null) {
            if (line.strip().equals("reload")) {
                reload();
            }
        }
    }

    /** Loads the first version; says why when it does not start. */
    private synchronized boolean load() {
        try {
            current = start(++generations, snapshot());
            return true;
        } catch (RuntimeException e) {
            status("the application did not start: " + e.getMessage() + " Fix it and save; the broker keeps"
                    + " running.");
            return false;
        }
    }

    private synchronized void reload() {
        long start = System.nanoTime();
        Generation previous = current;
        if (previous != null) {
            previous.app().close();
            closeQuietly(previous.loader());
        }
        try {
            current = start(++generations, snapshot());
            status("reloaded (version " + current.number() + ") in " + elapsedMillis(start) + " ms.");
            if (previous != null) {
                delete(previous.snapshot());
            }
        } catch (RuntimeException e) {
            status("the new version did not start: " + e.getMessage());
            current = previous == null ? null : restart(previous);
        }
    }

    private Generation restart(Generation previous) {
        try {
            Generation back = start(previous.number(), previous.snapshot());
            status("version " + back.number() + " is running again.");
            return back;
        } catch (RuntimeException e) {
            status("version " + previous.number() + " did not start again either: " + e.getMessage());
            return null;
        }
    }

    private Generation start(int number, Path snapshot) {
        URLClassLoader loader = new URLClassLoader("fountain-app-" + number, new URL[] {url(snapshot)},
                DevMode.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            FountainBuilder builder = Fountain.builder().classLoader(loader);
            RunningApp app = (broker == null ? builder : builder.useBroker(broker)).start();
            statusLine = app.metrics().statusLine();
            return new Generation(number, snapshot, loader, app);
        } catch (RuntimeException e) {
            closeQuietly(loader);
            throw e;
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /**
     * A copy of the classes directory: the running version keeps loading its classes lazily from
     * it while the compiler rewrites the original.
     */
    private Path snapshot() {
        Path target = snapshots.resolve("v" + (generations));
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(classes.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + classes + ": " + e.getMessage(), e);
        }
        return target;
    }

    private synchronized void stop() {
        if (current != null) {
            current.app().close();
            closeQuietly(current.loader());
            current = null;
        }
        if (broker != null) {
            broker.close();
        }
        delete(snapshots);
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.debug("Closing a class loader failed", e);
        }
    }

    private static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
            for (Path file : all) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.debug("Deleting {} failed", root, e);
        }
    }

    /**
     * The lines the developer and {@code mqtt:run} watch for go to the console directly: the
     * application may have no logging backend, and these must show anyway.
     */
    private static void status(String line) {
        System.out.println("Fountain dev mode: " + line);
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
