package dev.fountain.broker;

import dev.fountain.broker.bridge.Bridges;
import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.config.ConfigException;
import dev.fountain.broker.config.ConfigFile;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.http.HttpEndpoints;
import dev.fountain.broker.local.LocalClient;
import dev.fountain.broker.local.LocalPublisher;
import dev.fountain.broker.local.Receiver;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.protocol.BrokerContext;
import dev.fountain.broker.routing.MemoryBudget;
import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.broker.routing.RetainedMessages;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.routing.SubscriptionIndex;
import dev.fountain.broker.security.AccessControl;
import dev.fountain.broker.security.AclFile;
import dev.fountain.broker.security.EnhancedAuthenticator;
import dev.fountain.broker.security.PasswordFile;
import dev.fountain.broker.session.Limits;
import dev.fountain.broker.session.Session;
import dev.fountain.broker.session.Sessions;
import dev.fountain.broker.store.DiskStore;
import dev.fountain.broker.store.Recovered;
import dev.fountain.broker.store.Store;
import dev.fountain.broker.store.StoredMessage;
import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import dev.fountain.broker.sys.SysTopics;
import dev.fountain.broker.transport.Listeners;
import dev.fountain.broker.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An MQTT v5.0/v3.1.1/v3.1 broker, embeddable in any JVM application:
 *
 * <pre>{@code
 * try (Broker broker = Broker.builder().port(0).build().start()) {
 *     int port = broker.port();   // the port the system picked
 *     ...
 * }
 * }</pre>
 *
 * Configured like Mosquitto, in code through {@link BrokerConfig} or from a mosquitto.conf file.
 */
public final class Broker implements AutoCloseable {

    /** This build's version, as the startup line prints it. */
    public static final String VERSION = readVersion();

    private final BrokerConfig config;
    private final BrokerLog givenLog;
    private final boolean logToConfiguredDestinations;
    private final int threads;
    private final Map<String, EnhancedAuthenticator> authenticators;
    private BrokerLog log;
    private final Transport transport = Transport.best();
    private final Listeners listeners = new Listeners();
    private EventLoopGroup group;
    private Sessions sessions;
    private RetainedMessages retained;
    private SubscriptionIndex index;
    private Router router;
    private Store store = Store.MEMORY;
    private LocalPublisher localPublisher;
    private BrokerContext context;
    private Map<String, SslContext> bridgeTls;
    private Bridges bridges;
    private final BrokerStats stats = new BrokerStats();
    private HttpEndpoints http;
    private SysTopics sysTopics;
    private boolean started;
    private boolean closed;

    private Broker(BrokerConfig config, BrokerLog givenLog, boolean logToConfiguredDestinations, int threads,
            Map<String, EnhancedAuthenticator> authenticators) {
        this.config = config;
        this.authenticators = Map.copyOf(authenticators);
        this.givenLog = givenLog;
        this.logToConfiguredDestinations = logToConfiguredDestinations;
        this.threads = threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the listeners and starts serving.
     *
     * @throws ConfigException when a file the configuration names (password file, ACL file, a
     *     bridge's certificates) cannot be used
     * @throws IOException when a listener or a log file cannot be opened
     */
    public synchronized Broker start() throws ConfigException, IOException {
        return startWithoutListeners().openListeners();
    }

    /**
     * Starts everything but the listening sockets, so that in-process clients can subscribe before
     * any network client can publish: the application runtime subscribes its handlers this way,
     * then calls {@link #openListeners()}.
     *
     * @throws ConfigException when a file the configuration names (password file, ACL file, a
     *     bridge's certificates) cannot be used
     * @throws IOException when a log file cannot be opened
     */
    public synchronized Broker startWithoutListeners() throws ConfigException, IOException {
        if (started) {
            throw new IllegalStateException("The broker is already started.");
        }
        log = givenLog != null ? givenLog
                : logToConfiguredDestinations ? BrokerLog.open(config.logTypes(), config.logDestinations(),
                        config.logTimestamp(), config.logTimestampFormat()) : BrokerLog.toSlf4j(config.logTypes());
        started = true;
        log.notice("Fountain broker version " + VERSION + " starting");
        log.notice(config.source() == null ? "Using default config." : "Config loaded from " + config.source() + ".");
        for (String warning : config.warnings()) {
            log.warning(warning);
        }
        PasswordFile passwords = config.passwordFile() == null ? null : PasswordFile.load(config.passwordFile());
        AclFile acl = config.aclFile() == null ? null : AclFile.load(config.aclFile());
        bridgeTls = BridgeTlsContexts.of(config.bridges());
        AccessControl access = new AccessControl(config.allowAnonymous(), passwords, acl);
        store = config.persistence().enabled() ? DiskStore.open(config.persistence(), log::error) : Store.MEMORY;
        index = new SubscriptionIndex(access);
        retained = new RetainedMessages();
        router = new Router(index, retained, access, new MemoryBudget(config.memoryLimit()));
        localPublisher = new LocalPublisher(router, config, access, stats);
        long expirationCap = config.persistentClientExpiration() == null
                ? Session.NEVER_EXPIRES : config.persistentClientExpiration().toSeconds();
        sessions = new Sessions(index, new Limits(config.maxInflightMessages(), config.maxQueuedMessages(),
                config.maxQueuedBytes(), config.queueQos0Messages(), expirationCap), log, stats, store);
        group = transport.newGroup(threads, "fountain-io");
        restore();
        BrokerContext context = new BrokerContext(config, log, sessions, router, access, new AtomicInteger(),
                authenticators, stats, store);
        observe(context);
        if (config.localOnly()) {
            log.notice("Starting in local only mode. Connections will only be possible from clients running on"
                    + " this machine.");
            log.notice("Create a configuration file which defines a listener to allow remote access.");
        }
        this.context = context;
        return this;
    }

    /** Takes up what the store recovered, then has it journal every later change. */
    private void restore() {
        if (!store.durable()) {
            return;
        }
        Recovered recovered = store.recovered();
        if (recovered.error() != null) {
            log.error(recovered.error());
        }
        recovered.warnings().forEach(log::warning);
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        int retainedCount = 0;
        for (StoredMessage message : recovered.retained()) {
            if (message.expired(now)) {
                store.retainedDeleted(message.topic());
            } else {
                retained.put(message.toMessage());
                retainedCount++;
            }
        }
        Sessions.Restored restored = sessions.restore(recovered.sessions(), group);
        retained.journal(store);
        sessions.willPublisher(will -> {
            try {
                router.publish(will);
            } finally {
                will.release();
            }
        });
        long millis = recovered.millis() + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        log.notice("Restored " + restored.sessions() + " sessions, " + restored.messages() + " queued messages, "
                + retainedCount + " retained messages from " + ((DiskStore) store).directory() + " in " + millis
                + " ms" + (restored.expired() > 0 ? " (" + restored.expired() + " sessions had expired)" : "") + ".");
    }

    /**
     * Opens the listening sockets of a broker started with {@link #startWithoutListeners()}, then
     * starts the configured bridges, which connect in the background.
     *
     * @throws IOException when a listener cannot be opened; the broker is then closed
     */
    public synchronized Broker openListeners() throws IOException {
        requireRunning();
        try {
            listeners.open(config, context, transport, group, http);
        } catch (IOException e) {
            close();
            throw e;
        }
        sysTopics = new SysTopics(stats, router, VERSION, config.sysIntervalSeconds());
        sysTopics.start(group.next());
        bridges = Bridges.start(config, bridgeTls, group, transport.socketChannel(), sessions, router, log);
        log.notice("Fountain broker version " + VERSION + " running");
        return this;
    }

    /** Where the meters are read from, what HTTP serves, and what readiness means for a broker alone. */
    private void observe(BrokerContext context) {
        stats.sample(Meter.CONNECTIONS_ACTIVE, () -> context.connections().get());
        stats.sample(Meter.SESSIONS_REGISTERED, sessions::size);
        stats.sample(Meter.SESSIONS_PERSISTENT, sessions::persistentCount);
        stats.sample(Meter.SUBSCRIPTIONS, index::size);
        stats.sample(Meter.RETAINED_MESSAGES, retained::size);
        http = new HttpEndpoints(stats, VERSION);
        http.health().check("listeners", this::listening);
        // The store needs no check of its own: it has recovered before anything listens.
        if (store instanceof DiskStore disk) {
            stats.sample(Meter.STORE_BYTES, disk::diskBytes);
            stats.sample(Meter.STORE_COMMITS, disk::commits);
            stats.sample(Meter.STORE_FSYNCS, disk::fsyncs);
            stats.sample(Meter.STORE_FSYNC_MICROSECONDS, () -> disk.fsyncNanos() / 1000);
        }
    }

    /**
     * The broker's meters: counted on the event loops without allocation, summed when read. An
     * application binds them to Micrometer; the standalone broker writes them to {@code /metrics}.
     */
    public BrokerStats stats() {
        return stats;
    }

    /**
     * What the broker answers on HTTP besides files ({@code /metrics}, {@code /health/live},
     * {@code /health/ready}, the status page at {@code /fountain/}); an application adds its checks
     * and replaces {@code /metrics} here before the listeners open.
     */
    public HttpEndpoints http() {
        requireRunning();
        return http;
    }

    /**
     * An in-process client whose deliveries go to {@code receiver}, on a clean session that network
     * clients cannot take over, anonymous for {@code acl_file}. Call from outside the broker's event
     * loops.
     */
    public LocalClient localClient(String clientId, Receiver receiver) {
        return localClient(clientId, null, receiver);
    }

    /**
     * {@link #localClient(String, Receiver)} with {@code username} as the client's identity for
     * {@code acl_file}: its subscriptions, deliveries and publishes are checked like a network client's
     * with that user name; {@code null} is an anonymous client.
     */
    public LocalClient localClient(String clientId, String username, Receiver receiver) {
        requireRunning();
        return LocalClient.open(sessions, retained, localPublisher, clientId, username, group.next(), receiver);
    }

    /**
     * Publishes from inside the JVM, routed like a network client's PUBLISH; callable from any
     * thread. Takes ownership of {@code payload}.
     *
     * @throws IllegalArgumentException when the topic is not a valid topic name, saying why
     */
    public void publish(String topic, ByteBuf payload, int qos, boolean retain) {
        publish(topic, payload, qos, retain, PublishProperties.NONE);
    }

    /** {@link #publish(String, ByteBuf, int, boolean)} with MQTT 5 properties. */
    public void publish(String topic, ByteBuf payload, int qos, boolean retain, PublishProperties properties) {
        if (!started || closed) {
            payload.release();
            requireRunning();
        }
        localPublisher.publish(topic, payload, qos, retain, properties, null);
    }

    private void requireRunning() {
        if (!started || closed) {
            throw new IllegalStateException("The broker is not running.");
        }
    }

    /** The port of the first MQTT listener, as bound: the one the system picked when 0 was asked for. */
    public int port() {
        return port(Listener.Protocol.MQTT);
    }

    /**
     * The port of the first listener speaking {@code protocol}, as bound.
     *
     * @throws IllegalStateException when there is none
     */
    public int port(Listener.Protocol protocol) {
        requireRunning();
        InetSocketAddress address = listeners.boundAddress(protocol);
        if (address == null) {
            throw new IllegalStateException("No " + protocol + " listener is open.");
        }
        return address.getPort();
    }

    /** Whether the listening sockets are open. */
    public synchronized boolean listening() {
        return started && !closed && !listeners.boundAddresses().isEmpty();
    }

    /** Every bound listening address. */
    public List<InetSocketAddress> addresses() {
        if (!started) {
            throw new IllegalStateException("The broker is not started.");
        }
        return listeners.boundAddresses();
    }

    public BrokerConfig config() {
        return config;
    }

    /** How many sessions exist, connected or not. */
    public int sessionCount() {
        return sessions.size();
    }

    /** How many topics hold a retained message. */
    public int retainedCount() {
        return retained.size();
    }

    /** How many subscriptions exist over all sessions. */
    public int subscriptionCount() {
        return index.size();
    }

    /** Closes every connection and listener and frees what sessions and retained messages hold. */
    @Override
    public synchronized void close() {
        if (!started || closed) {
            return;
        }
        closed = true;
        if (sysTopics != null) {
            sysTopics.close();
        }
        if (http != null) {
            http.close();
        }
        if (bridges != null) {
            bridges.close();
        }
        listeners.close();
        sessions.endAll();
        shutDownThreads();
        // After the event loops: the sessions' last changes (disconnects) are journaled by now.
        store.close();
        retained.clear();
        log.notice("Fountain broker version " + VERSION + " terminating");
        log.close();
    }

    private void shutDownThreads() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String readVersion() {
        try (InputStream in = Broker.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "development");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings for a broker; without any, it listens on loopback port 1883 and allows anonymous clients. */
    public static final class Builder {
        private BrokerConfig.Builder config = BrokerConfig.builder();
        private BrokerLog log;
        private boolean logToConfiguredDestinations;
        private int threads = Runtime.getRuntime().availableProcessors();
        private final Map<String, EnhancedAuthenticator> authenticators = new HashMap<>();

        private Builder() {
        }

        /** Reads a mosquitto.conf file; settings made after this refine it. */
        public Builder configFile(Path file) throws ConfigException {
            config = ConfigFile.read(file, BrokerConfig.builder());
            return this;
        }

        /** Listens on loopback only, at {@code port} (0: any free port), like {@code mosquitto -p}. */
        public Builder port(int port) {
            config.overridePort(port);
            return this;
        }

        /** Anything else mosquitto.conf can say. */
        public Builder configure(Consumer<BrokerConfig.Builder> settings) {
            settings.accept(config);
            return this;
        }

        /** Where log lines go; by default to SLF4J (logger {@code dev.fountain.broker}) when embedded. */
        public Builder log(BrokerLog brokerLog) {
            this.log = brokerLog;
            return this;
        }

        /**
         * Logs where the configuration's {@code log_dest} says (stderr when it says nothing), as the
         * standalone broker does, instead of to SLF4J.
         */
        public Builder logToConfiguredDestinations() {
            this.logToConfiguredDestinations = true;
            return this;
        }

        /** MQTT 5 enhanced authentication for the method {@code authenticator} names. */
        public Builder enhancedAuthenticator(EnhancedAuthenticator authenticator) {
            authenticators.put(authenticator.method(), authenticator);
            return this;
        }

        /** Event loop threads; by default one per processor. */
        public Builder threads(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + count);
            }
            this.threads = count;
            return this;
        }

        public Broker build() {
            return new Broker(config.build(), log, logToConfiguredDestinations, threads, authenticators);
        }
    }
}
