package dev.fountain.test;

import dev.fountain.app.Publisher;
import dev.fountain.app.RunningApp;
import dev.fountain.broker.local.Delivery;
import dev.fountain.broker.local.LocalClient;
import dev.fountain.broker.local.Receiver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of the application's broker for tests: publishes like any MQTT client and subscribes
 * to see what handlers publish. It lives in the broker's JVM, so a round trip takes microseconds
 * and needs no network client library.
 */
public final class TestClient implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final RunningApp app;
    private final Publisher publisher;
    private final List<LocalClient> subscriptions = new ArrayList<>();

    TestClient(RunningApp app) {
        this.app = app;
        this.publisher = app.injector().getInstance(Publisher.class);
    }

    /** Publishes at QoS 0, not retained; the payload converts as {@link Publisher} says. */
    public void publish(String topic, Object payload) {
        publisher.publish(topic, payload);
    }

    public void publish(String topic, Object payload, int qos, boolean retain) {
        publisher.publish(topic, payload, qos, retain);
    }

    /**
     * Subscribes to {@code filter} at QoS 2 and returns what arrives from now on (and the retained
     * messages it matches).
     */
    public Messages subscribe(String filter) {
        Messages messages = new Messages(filter);
        LocalClient client = app.broker().localClient("test-client-" + IDS.incrementAndGet(),
                new Receiver() {
                    @Override
                    public void receive(Delivery delivery) {
                        try {
                            messages.add(new Messages.Message(delivery.topic(), delivery.payloadBytes(),
                                    delivery.qos(), delivery.retain()));
                        } finally {
                            delivery.done();
                        }
                    }

                    @Override
                    public boolean ready() {
                        return true;
                    }
                });
        subscriptions.add(client);
        client.subscribe(filter, 2).join();
        return messages;
    }

    @Override
    public void close() {
        subscriptions.forEach(LocalClient::close);
        subscriptions.clear();
    }
}
