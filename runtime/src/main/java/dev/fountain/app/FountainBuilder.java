package dev.fountain.app;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import dev.fountain.app.connector.Connector;
import dev.fountain.app.connector.EmbeddedConnector;
import dev.fountain.app.connector.client.ClientConnector;
import dev.fountain.app.connector.client.ClientSettings;
import dev.fountain.app.metrics.AppMetrics;
import dev.fountain.app.metrics.ClientModeHttp;
import dev.fountain.broker.Broker;
import dev.fountain.broker.CommandLine;
import dev.fountain.broker.config.ConfigException;
import dev.fountain.broker.http.HttpEndpoints;
import dev.fountain.broker.stats.BrokerStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application to start ({@link Fountain#builder()}): by default everything on the class path,
 * with its own broker on loopback 1883, or, with {@code fountain.broker.url} set, as a client of an
 * external broker or cluster.
 */
public final class FountainBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(Fountain.class);
    /** The broker ACL user the application's handlers and publisher act as; unset, anonymous. */
    static final String ACL_USER = "fountain.acl-user";

    private CommandLine commandLine = new CommandLine(null, null, false, false);
    private ClassLoader classLoader = Fountain.class.getClassLoader();
    private final List<Module> modules = new ArrayList<>();
    private final List<Module> overrides = new ArrayList<>();
    private final Map<String, String> properties = new HashMap<>();
    private final List<Consumer<Broker.Builder>> brokerSettings = new ArrayList<>();
    private List<RouteTable> routeTables;
    private Broker sharedBroker;

    FountainBuilder() {
    }

    /** The broker's flags: {@code -c FILE}, {@code -p PORT}, {@code -v}. */
    public FountainBuilder args(String... args) {
        return commandLine(CommandLine.parse(args));
    }

    FountainBuilder commandLine(CommandLine line) {
        this.commandLine = line;
        return this;
    }

    /** Where routing tables, {@code @AppModule}s and fountain.properties are looked up. */
    public FountainBuilder classLoader(ClassLoader loader) {
        this.classLoader = loader;
        return this;
    }

    /** A Guice module to install besides the {@code @AppModule}s. */
    public FountainBuilder module(Module module) {
        modules.add(module);
        return this;
    }

    /** A Guice module whose bindings replace the application's: for tests. */
    public FountainBuilder overrideWith(Module module) {
        overrides.add(module);
        return this;
    }

    /** A configuration value that wins over every other source. */
    public FountainBuilder property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** Broker settings beyond the command line, applied after it. */
    public FountainBuilder broker(Consumer<Broker.Builder> settings) {
        brokerSettings.add(settings);
        return this;
    }

    /**
     * Runs the handlers on a broker that is already running and outlives the application, as the
     * development loop does so that retained messages and sessions survive a reload. The command
     * line and broker settings are then ignored.
     */
    public FountainBuilder useBroker(Broker running) {
        this.sharedBroker = running;
        return this;
    }

    /** Exactly these routing tables instead of those on the class path: for tests. */
    public FountainBuilder routeTables(RouteTable... tables) {
        this.routeTables = List.of(tables);
        return this;
    }

    /**
     * Starts the broker, builds the injector, and subscribes every handler; all or nothing. With
     * {@code fountain.broker.url} set (and no {@link #useBroker} broker), no broker starts: the
     * handlers run as clients of that external broker or cluster (client mode).
     *
     * @throws StartupException saying what to fix; nothing of this application stays running then
     */
    public RunningApp start() {
        AppConfig config = AppConfig.load(properties, classLoader);
        int workers = positive(config, "fountain.workers", Math.max(2, Runtime.getRuntime().availableProcessors()));
        int capacity = positive(config, "fountain.handler-queue", 1000);
        if (config.get(ClientSettings.URL).isPresent()) {
            if (sharedBroker == null) {
                return startClient(config, workers, capacity);
            }
            LOG.warn("{} is ignored: the application runs on the broker it was given (the development loop's).",
                    ClientSettings.URL);
        }
        Broker broker = sharedBroker != null ? sharedBroker : startBroker(config);
        Connector connector = null;
        try {
            connector = new EmbeddedConnector(broker, config.get(ACL_USER).orElse(null));
            RunningApp app = run(broker, connector, config, workers, capacity);
            if (sharedBroker == null) {
                // Only now can network clients connect: no message arrives before its handler.
                openListeners(app);
            }
            if (broker.listening()) {
                LOG.info("Fountain application started: {} handlers, broker on port {}.", app.handlerCount(),
                        broker.port());
            } else if (sharedBroker == null) {
                LOG.info("Fountain application started: {} handlers.", app.handlerCount());
            }
            return app;
        } catch (RuntimeException e) {
            if (connector != null) {
                connector.close();
            }
            if (sharedBroker == null) {
                broker.close();
            }
            throw e;
        }
    }

    private RunningApp startClient(AppConfig config, int workers, int capacity) {
        ClientSettings settings;
        try {
            settings = ClientSettings.read(config::get, capacity);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
        // The HTTP port answers from the start, so that a readiness probe sees "not ready" while the
        // broker is not reached yet, rather than no answer.
        AppMetrics metrics = new AppMetrics();
        HttpEndpoints http = new HttpEndpoints(new BrokerStats(), Broker.VERSION);
        AtomicReference<Connector> reached = new AtomicReference<>();
        http.health().check("broker", () -> reached.get() != null && reached.get().ready());
        metrics.serveOn(http);
        ClientModeHttp server = clientModeHttp(config, http);
        Connector connector;
        try {
            connector = ClientConnector.connect(settings);
        } catch (IllegalStateException e) {
            closeQuietly(server, http);
            throw new StartupException(e.getMessage(), e);
        }
        reached.set(connector);
        try {
            RunningApp app = run(null, connector, config, workers, capacity, metrics,
                    () -> closeQuietly(server, http));
            LOG.info("Fountain application started: {} handlers, client of {}{}.", app.handlerCount(),
                    settings.brokers(), server == null ? "" : "; HTTP on port " + server.port());
            return app;
        } catch (RuntimeException e) {
            connector.close();
            closeQuietly(server, http);
            throw e;
        }
    }

    private static ClientModeHttp clientModeHttp(AppConfig config, HttpEndpoints http) {
        Integer port = WebPage.port(config);
        if (port == null) {
            return null;
        }
        try {
            return ClientModeHttp.start(port, http);
        } catch (IOException e) {
            http.close();
            throw new StartupException(WebPage.PORT_KEY + " " + port + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(ClientModeHttp server, HttpEndpoints http) {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    private RunningApp run(Broker broker, Connector connector, AppConfig config, int workers, int capacity) {
        AppMetrics metrics = new AppMetrics();
        if (broker != null) {
            metrics.serveOn(broker);
        }
        return run(broker, connector, config, workers, capacity, metrics, () -> { });
    }

    private RunningApp run(Broker broker, Connector connector, AppConfig config, int workers, int capacity,
            AppMetrics metrics, Runnable onClose) {
        Injector injector = injector(broker, connector, config, metrics);
        Handlers handlers = Handlers.start(tables(), new RouteBinder(config, injector, connector), connector,
                workers, capacity, metrics);
        return new RunningApp(broker, broker != null && sharedBroker == null, injector, connector, handlers, metrics,
                onClose);
    }

    private List<RouteTable> tables() {
        return routeTables != null ? routeTables
                : ServiceLoader.load(RouteTable.class, classLoader).stream().map(ServiceLoader.Provider::get).toList();
    }

    private Broker startBroker(AppConfig config) {
        try {
            Broker.Builder broker = commandLine.applyTo(Broker.builder().logToConfiguredDestinations());
            broker.configure(brokerConfig -> brokerConfig.persistence(StoreSettings.apply(config,
                    brokerConfig.persistence())));
            brokerSettings.forEach(settings -> settings.accept(broker));
            Path page = WebPage.find(classLoader);
            broker.configure(brokerConfig -> WebPage.serve(brokerConfig, page, config));
            return broker.build().startWithoutListeners();
        } catch (ConfigException | IOException | IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static void openListeners(RunningApp app) {
        try {
            app.broker().openListeners();
        } catch (IOException e) {
            app.close();
            throw new StartupException(e.getMessage(), e);
        }
    }

    private Injector injector(Broker broker, Connector connector, AppConfig config, AppMetrics metrics) {
        List<Module> application = new ArrayList<>(modules);
        ServiceLoader.load(Module.class, classLoader).forEach(application::add);
        Module all = Modules.override(new FountainModule(broker, connector, config, metrics.registry()))
                .with(application);
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
}
