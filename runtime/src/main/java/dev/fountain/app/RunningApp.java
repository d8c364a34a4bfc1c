package dev.fountain.app;

import com.google.inject.Injector;
import dev.fountain.app.connector.Connector;
import dev.fountain.broker.Broker;

/** A started application: its broker, its injector, and how to stop both. */
public final class RunningApp implements AutoCloseable {

    private final Broker broker;
    private final boolean ownsBroker;
    private final Injector injector;
    private final Connector connector;
    private final Handlers handlers;

    RunningApp(Broker broker, boolean ownsBroker, Injector injector, Connector connector, Handlers handlers) {
        this.broker = broker;
        this.ownsBroker = ownsBroker;
        this.injector = injector;
        this.connector = connector;
        this.handlers = handlers;
    }

    public Broker broker() {
        return broker;
    }

    public Injector injector() {
        return injector;
    }

    /** How many handlers are subscribed. */
    public int handlerCount() {
        return handlers.count();
    }

    /** The port of the broker's first listener. */
    public int port() {
        return broker.port();
    }

    /**
     * Unsubscribes the handlers, lets the ones running finish (up to five seconds), and stops the
     * broker unless it was given to the application already running.
     */
    @Override
    public void close() {
        handlers.close();
        connector.close();
        if (ownsBroker) {
            broker.close();
        }
    }
}
