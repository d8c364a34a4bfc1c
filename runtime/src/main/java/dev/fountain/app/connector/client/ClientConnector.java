package dev.fountain.app.connector.client;

import dev.fountain.app.connector.Connector;
import dev.fountain.app.connector.Delivery;
import dev.fountain.app.connector.PublishQueueFullException;
import dev.fountain.app.connector.Receiver;
import dev.fountain.app.connector.Subscription;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external broker or cluster as a {@link Connector} (client mode, {@code fountain.broker.url}):
 * each route has its own connection and persistent session ({@link RouteSession}), and publishes
 * (the {@code Publisher}, {@code @Publish} replies) go through one more connection whose client id
 * is {@code fountain.client-id}; a route's is that id, a dash, and the route's name.
 */
public final class ClientConnector implements Connector {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnector.class);
    /** How long close() lets publishes already made reach the broker before it disconnects. */
    private static final long CLOSE_DRAIN_MILLIS = 5_000;

    private final ClientSettings settings;
    private final Link publisher;
    private final AtomicInteger unconfirmed = new AtomicInteger();
    private final List<RouteSession> routes = new CopyOnWriteArrayList<>();
    private final Set<String> clientIds = new HashSet<>();

    private ClientConnector(ClientSettings settings, Link publisher) {
        this.settings = settings;
        this.publisher = publisher;
    }

    /**
     * Connects the publishing connection, retrying with backoff, and returns once it is connected.
     * Startup waits rather than returning an application that handles nothing: a caller that gets a
     * running application has its handlers subscribed, in client mode as in embedded mode.
     *
     * @throws IllegalStateException when no broker of the list answered within the connect timeout
     */
    public static ClientConnector connect(ClientSettings settings) {
        Link publisher = Link.open(settings, settings.clientId(), settings.receiveMaximum(), Delivery::done);
        try {
            publisher.connected().get(settings.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            publisher.disconnect();
            throw new IllegalStateException("no broker of " + settings.brokers() + " accepted a connection within "
                    + settings.connectTimeoutMillis() / 1000 + " s (fountain.broker.connect-timeout); last attempt: "
                    + publisher.lastFailure().orElse("still under way"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            publisher.disconnect();
            throw new IllegalStateException("interrupted while connecting to " + settings.brokers(), e);
        }
        LOG.info("Connected to {} as {} (MQTT {}).", settings.brokers(), settings.clientId(),
                settings.mqtt5() ? "5" : "3.1.1");
        return new ClientConnector(settings, publisher);
    }

    /** The publishing connection and every route's are up, and every route's subscription was acknowledged. */
    @Override
    public boolean ready() {
        return publisher.isConnected() && routes.stream().allMatch(RouteSession::ready);
    }

    @Override
    public Subscription subscribe(String name, String filter, int qos, Receiver receiver) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, not " + qos);
        }
        RouteSession route = new RouteSession(settings, routeClientId(name), filter, qos, receiver);
        routes.add(route);
        return new Subscription() {
            @Override
            public CompletableFuture<Void> subscribed() {
                return route.subscribed();
            }

            @Override
            public void resume() {
                route.resume();
            }

            @Override
            public void close() {
                routes.remove(route);
                route.close();
            }
        };
    }

    /**
     * Stable across restarts, so a restarted instance with a stable {@code fountain.instance} resumes
     * each route's session; made of characters every broker takes in a client id.
     */
    private synchronized String routeClientId(String routeName) {
        String base = settings.clientId() + "-" + routeName.replaceAll("[^A-Za-z0-9_.-]", "-");
        String id = base;
        for (int n = 2; !clientIds.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain, byte[] correlationData) {
        if (unconfirmed.incrementAndGet() > settings.publishQueue()) {
            unconfirmed.decrementAndGet();
            throw new PublishQueueFullException(settings.publishQueue() + " publishes are waiting for the broker"
                    + " (fountain.broker.publish-queue); '" + topic + "' is not taken");
        }
        try {
            publisher.publish(topic, payload, qos, retain, correlationData).whenComplete((ok, failure) -> {
                if (unconfirmed.decrementAndGet() == 0) {
                    synchronized (unconfirmed) {
                        unconfirmed.notifyAll();
                    }
                }
                if (failure != null) {
                    LOG.warn("The broker did not take the message to '{}': {}", topic, failure.getMessage());
                }
            });
        } catch (RuntimeException invalid) {
            unconfirmed.decrementAndGet();
            throw invalid;
        }
    }

    /** Disconnects every route (their sessions stay), then the publisher once its messages are out. */
    @Override
    public void close() {
        routes.forEach(Subscription::close);
        routes.clear();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_DRAIN_MILLIS);
        synchronized (unconfirmed) {
            long left;
            while (unconfirmed.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(unconfirmed, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (unconfirmed.get() > 0) {
            LOG.warn("{} publishes were not confirmed by the broker when the application stopped.", unconfirmed.get());
        }
        publisher.disconnect().orTimeout(CLOSE_DRAIN_MILLIS, TimeUnit.MILLISECONDS).exceptionally(e -> null).join();
    }
}
