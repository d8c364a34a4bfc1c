package dev.fountain.app;

import com.google.inject.ConfigurationException;
import com.google.inject.ProvisionException;
import dev.fountain.app.connector.Connector;
import dev.fountain.app.connector.Subscription;
import dev.fountain.app.metrics.AppMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running handlers of one application version, started all or nothing: first every route is
 * bound (placeholders, topics, Guice) without touching the broker, then every route subscribes;
 * when any step fails, what was subscribed is unsubscribed and the workers stop. On the long-lived
 * broker of the development loop a version is therefore wholly running or not at all, never half
 * of it beside the previous one.
 */
final class Handlers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Handlers.class);
    /** How long a broker may take to acknowledge one subscription before startup gives up. */
    private static final long SUBSCRIBE_TIMEOUT_SECONDS = 30;

    private final List<Subscription> subscriptions;
    private final ExecutorService workers;
    private final AppMetrics metrics;

    private Handlers(List<Subscription> subscriptions, ExecutorService workers, AppMetrics metrics) {
        this.subscriptions = List.copyOf(subscriptions);
        this.workers = workers;
        this.metrics = metrics;
    }

    /**
     * Binds every route of {@code tables}, then subscribes them all through {@code connector}.
     *
     * @param workerCount threads that run handlers, and lanes per handler
     * @param capacity messages that may wait for one handler before the broker holds them back
     * @param metrics where each handler's meters go; ready once every handler is subscribed
     * @throws StartupException naming the route that failed; nothing stays subscribed then
     */
    static Handlers start(List<RouteTable> tables, RouteBinder binder, Connector connector, int workerCount,
            int capacity, AppMetrics metrics) {
        List<BoundRoute> routes = new ArrayList<>();
        for (RouteTable table : tables) {
            for (Route route : table.routes()) {
                routes.add(bind(binder, route));
            }
        }
        ExecutorService workers = workers(workerCount);
        List<Subscription> subscribed = new ArrayList<>();
        try {
            for (BoundRoute route : routes) {
                HandlerQueue queue = new HandlerQueue(route, workers, workerCount, capacity, metrics);
                Subscription subscription = subscribe(connector, route, queue);
                subscribed.add(subscription);
                queue.connect(subscription);
            }
            for (int i = 0; i < routes.size(); i++) {
                awaitSubscribed(routes.get(i), subscribed.get(i));
            }
        } catch (RuntimeException failure) {
            metrics.handlersStopped();
            stop(subscribed, workers);
            throw failure;
        }
        metrics.handlersStarted();
        routes.forEach(route -> LOG.info("Handler {} subscribed to '{}' (QoS {}){}", route.name(),
                route.subscribeFilter(), route.route().qos(),
                route.replyTopic() == null ? "" : ", replies to '" + route.replyTopic() + "'"));
        if (routes.isEmpty()) {
            LOG.warn("No @Subscribe handlers found: is Fountain's annotation processor on the compiler's path?");
        }
        return new Handlers(subscribed, workers, metrics);
    }

    int count() {
        return subscriptions.size();
    }

    /** Unsubscribes every handler and lets the ones running finish, up to five seconds. */
    @Override
    public void close() {
        metrics.handlersStopped();
        stop(subscriptions, workers);
    }

    private static BoundRoute bind(RouteBinder binder, Route route) {
        try {
            return binder.bind(route);
        } catch (ProvisionException | ConfigurationException e) {
            throw new StartupException(route.name() + ": Guice cannot create " + route.handlerClass().getName()
                    + ": " + e.getMessage(), e);
        }
    }

    private static Subscription subscribe(Connector connector, BoundRoute route, HandlerQueue queue) {
        try {
            return connector.subscribe(route.name(), route.subscribeFilter(), route.route().qos(), queue);
        } catch (IllegalArgumentException refused) {
            throw new StartupException(route.name() + ": the broker refuses the subscription to '"
                    + route.subscribeFilter() + "': " + refused.getMessage(), refused);
        }
    }

    private static void awaitSubscribed(BoundRoute route, Subscription subscription) {
        try {
            subscription.subscribed().get(SUBSCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StartupException(route.name() + ": the broker refused the subscription to '"
                    + route.subscribeFilter() + "': " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StartupException(route.name() + ": the broker did not acknowledge the subscription to '"
                    + route.subscribeFilter() + "' within " + SUBSCRIBE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException(route.name() + ": interrupted while subscribing", e);
        }
    }

    private static void stop(List<Subscription> subscriptions, ExecutorService workers) {
        subscriptions.forEach(Subscription::close);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
