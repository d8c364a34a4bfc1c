package dev.fountain.app;

import com.google.inject.Injector;
import dev.fountain.app.connector.Connector;
import dev.fountain.app.metrics.AppMetrics;
import dev.fountain.broker.Broker;
import java.util.Optional;

/**
 * A started application: its broker, its injector, and how to stop both. In client mode
 * ({@code fountain.broker.url} set) there is no broker of its own: {@link #embeddedBroker()} is empty.
 */
public final class RunningApp implements AutoCloseable {

    private final Broker broker;
    private final boolean ownsBroker;
    private final Injector injector;
    private final Connector connector;
    private final Handlers handlers;
    private final AppMetrics metrics;
    private final Runnable onClose;

    RunningApp(Broker broker, boolean ownsBroker, Injector injector, Connector connector, Handlers handlers,
            AppMetrics metrics, Runnable onClose) {
        this.onClose = onClose;
        this.broker = broker;
        this.ownsBroker = ownsBroker;
        this.injector = injector;
        this.connector = connector;
        this.handlers = handlers;
        this.metrics = metrics;
    }

    /** The application's meters: its registry (also injectable as {@code MeterRegistry}) and the dev loop's status line. */
    public AppMetrics metrics() {
        return metrics;
    }

    /** The embedded broker, or empty in client mode. */
    public Optional<Broker> embeddedBroker() {
        return Optional.ofNullable(broker);
    }

    /**
     * The embedded broker.
     *
     * @throws IllegalStateException in client mode, where the broker is someone else's
     */
    public Broker broker() {
        return embeddedBroker().orElseThrow(() -> new IllegalStateException("No embedded broker: the application"
                + " is a client of the broker that fountain.broker.url names."));
    }

    public Injector injector() {
        return injector;
    }

    /** How many handlers are subscribed. */
    public int handlerCount() {
        return handlers.count();
    }

    /**
     * The port of the embedded broker's first listener.
     *
     * @throws IllegalStateException in client mode
     */
    public int port() {
        return broker().port();
    }

    /**
     * Unsubscribes the handlers, lets the ones running finish (up to five seconds), and stops the
     * broker unless it was given to the application already running.
     */
    @Override
    public void close() {
        handlers.close();
        connector.close();
        onClose.run();
        if (ownsBroker) {
            broker.close();
        }
    }
}
