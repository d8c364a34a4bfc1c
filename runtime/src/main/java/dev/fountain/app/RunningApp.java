package dev.fountain.app;

import com.google.inject.Injector;
import dev.fountain.broker.Broker;
import dev.fountain.broker.LocalClient;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** A started application: its broker, its injector, and how to stop both. */
public final class RunningApp implements AutoCloseable {

    private final Broker broker;
    private final boolean ownsBroker;
    private final Injector injector;
    private final List<LocalClient> clients;
    private final ExecutorService workers;

    RunningApp(Broker broker, boolean ownsBroker, Injector injector, List<LocalClient> clients,
            ExecutorService workers) {
        this.broker = broker;
        this.ownsBroker = ownsBroker;
        this.injector = injector;
        this.clients = List.copyOf(clients);
        this.workers = workers;
    }

    public Broker broker() {
        return broker;
    }

    public Injector injector() {
        return injector;
    }

    /** How many handlers are subscribed. */
    public int handlerCount() {
        return clients.size();
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
        clients.forEach(LocalClient::close);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsBroker) {
            broker.close();
        }
    }
}
