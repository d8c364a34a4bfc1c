package dev.fountain.app;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import dev.fountain.broker.Broker;
import dev.fountain.broker.CommandLine;
import dev.fountain.broker.LocalClient;
import dev.fountain.broker.NettyDefaults;
import dev.fountain.broker.UntilStopped;
import dev.fountain.broker.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(Fountain.class);

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
            System.out.print(CommandLine.usage("java " + application.getName(), Broker.VERSION));
            return;
        }
        RunningApp app;
        try {
            Builder builder = builder().commandLine(commandLine).classLoader(application.getClassLoader());
            if (Module.class.isAssignableFrom(application)) {
                builder.module(application.asSubclass(Module.class).getDeclaredConstructor().newInstance());
            }
            app = builder.start();
        } catch (StartupException | ReflectiveOperationException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(1);
            return;
        }
        UntilStopped.await(app);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An application to start: by default everything on the class path, broker on loopback 1883. */
    public static final class Builder {
        private CommandLine commandLine = new CommandLine(null, null, false, false);
        private ClassLoader classLoader = Fountain.class.getClassLoader();
        private final List<Module> modules = new ArrayList<>();
        private final List<Module> overrides = new ArrayList<>();
        private final Map<String, String> properties = new HashMap<>();
        private final List<Consumer<Broker.Builder>> brokerSettings = new ArrayList<>();
        private List<RouteTable> routeTables;
        private Broker sharedBroker;

        private Builder() {
        }

        /** The broker's flags: {@code -c FILE}, {@code -p PORT}, {@code -v}. */
        public Builder args(String... args) {
            return commandLine(CommandLine.parse(args));
        }

        Builder commandLine(CommandLine line) {
            this.commandLine = line;
            return this;
        }

        /** Where routing tables, {@code @AppModule}s and fountain.properties are looked up. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        /** A Guice module to install besides the {@code @AppModule}s. */
        public Builder module(Module module) {
            modules.add(module);
            return this;
        }

        /** A Guice module whose bindings replace the application's: for tests. */
        public Builder overrideWith(Module module) {
            overrides.add(module);
            return this;
        }

        /** A configuration value that wins over every other source. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Broker settings beyond the command line, applied after it. */
        public Builder broker(Consumer<Broker.Builder> settings) {
            brokerSettings.add(settings);
            return this;
        }

        /**
         * Runs the handlers on a broker that is already running and outlives the application, as
         * the development loop does so that retained messages and sessions survive a reload. The
         * command line and broker settings are then ignored.
         */
        public Builder useBroker(Broker running) {
            this.sharedBroker = running;
            return this;
        }

        /** Exactly these routing tables instead of those on the class path: for tests. */
        public Builder routeTables(RouteTable... tables) {
            this.routeTables = List.of(tables);
            return this;
        }

        /**
         * Starts the broker, builds the injector, and subscribes every handler.
         *
         * @throws StartupException saying what to fix
         */
        public RunningApp start() {
            AppConfig config = AppConfig.load(properties, classLoader);
            Broker broker = sharedBroker != null ? sharedBroker : startBroker();
            try {
                RunningApp app = startHandlers(broker, config);
                if (sharedBroker == null) {
                    // Only now can network clients connect: no message arrives before its handler.
                    broker.openListeners();
                }
                if (broker.listening()) {
                    LOG.info("Fountain application started: {} handlers, broker on port {}.", app.handlerCount(),
                            broker.port());
                } else {
                    LOG.info("Fountain application started: {} handlers.", app.handlerCount());
                }
                return app;
            } catch (IOException e) {
                throw new StartupException(e.getMessage(), e);
            } catch (RuntimeException e) {
                if (sharedBroker == null) {
                    broker.close();
                }
                throw e;
            }
        }

        private AppConfig config() {
            return AppConfig.load(properties, classLoader);
        }

        private Broker startBroker() {
            try {
                Broker.Builder broker = commandLine.applyTo(Broker.builder().logToConfiguredDestinations());
                brokerSettings.forEach(settings -> settings.accept(broker));
                Path page = WebPage.find(classLoader);
                if (page != null) {
                    broker.configure(config -> WebPage.serve(config, page, config()));
                }
                return broker.build().startWithoutListeners();
            } catch (ConfigException | IOException e) {
                throw new StartupException(e.getMessage(), e);
            }
        }

        private RunningApp startHandlers(Broker broker, AppConfig config) {
            Injector injector = injector(broker, config);
            int workerCount = positive(config, "fountain.workers", Math.max(2, Runtime.getRuntime().availableProcessors()));
            int capacity = positive(config, "fountain.handler-queue", 1000);
            ExecutorService workers = workers(workerCount);
            List<LocalClient> clients = new ArrayList<>();
            RouteBinder binder = new RouteBinder(config, injector);
            List<RouteTable> tables = routeTables != null ? routeTables
                    : ServiceLoader.load(RouteTable.class, classLoader).stream().map(ServiceLoader.Provider::get).toList();
            int routes = 0;
            for (RouteTable table : tables) {
                for (Route route : table.routes()) {
                    BoundRoute bound = bindRoute(binder, route);
                    HandlerQueue queue = new HandlerQueue(bound, workers, workerCount, capacity);
                    LocalClient client = broker.localClient("fountain/" + route.name(), queue);
                    queue.connect(client);
                    clients.add(client);
                    client.subscribe(bound.subscribeFilter(), route.qos()).join();
                    LOG.info("Handler {} subscribed to '{}' (QoS {}){}", route.name(), bound.subscribeFilter(),
                            route.qos(), bound.replyTopic() == null ? "" : ", replies to '" + bound.replyTopic() + "'");
                    routes++;
                }
            }
            if (routes == 0) {
                LOG.warn("No @Subscribe handlers found: is Fountain's annotation processor on the compiler's path?");
            }
            return new RunningApp(broker, sharedBroker == null, injector, clients, workers);
        }

        private static BoundRoute bindRoute(RouteBinder binder, Route route) {
            try {
                return binder.bind(route);
            } catch (ProvisionException | com.google.inject.ConfigurationException e) {
                throw new StartupException(route.name() + ": Guice cannot create " + route.handlerClass().getName()
                        + ": " + e.getMessage(), e);
            }
        }

        private Injector injector(Broker broker, AppConfig config) {
            List<Module> application = new ArrayList<>(modules);
            ServiceLoader.load(Module.class, classLoader).forEach(application::add);
            Module all = Modules.override(new FountainModule(broker, config)).with(application);
            try {
                return Guice.createInjector(Stage.PRODUCTION, overrides.isEmpty() ? all
                        : Modules.override(all).with(overrides));
            } catch (CreationException e) {
                throw new StartupException("Guice cannot build the application: " + e.getMessage(), e);
            }
        }

        private static int positive(AppConfig config, String key, int defaultValue) {
            try {
                return config.positiveInt(key, defaultValue);
            } catch (IllegalArgumentException e) {
                throw new StartupException(e.getMessage(), e);
            }
        }

        private static ExecutorService workers(int count) {
            AtomicInteger number = new AtomicInteger();
            // The queue holds at most one task per lane (a lane schedules itself once), so it stays
            // bounded by the number of handlers times lanes.
            return new ThreadPoolExecutor(count, count, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "fountain-worker-" + number.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
    }
}
