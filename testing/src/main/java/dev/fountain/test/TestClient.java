package dev.fountain.test;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import dev.fountain.app.AppConfig;
import dev.fountain.app.Publisher;
import dev.fountain.app.RunningApp;
import dev.fountain.app.connector.client.ClientSettings;
import dev.fountain.broker.Broker;
import dev.fountain.broker.local.Delivery;
import dev.fountain.broker.local.LocalClient;
import dev.fountain.broker.local.Receiver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of the application's broker for tests: publishes like any MQTT client and subscribes
 * to see what handlers publish. With the embedded broker it lives in the broker's JVM, so a round
 * trip takes microseconds; in client mode it subscribes over the network to the application's
 * broker.
 */
public final class TestClient implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final RunningApp app;
    private final Publisher publisher;
    private final List<Runnable> subscriptions = new ArrayList<>();

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
     * messages it matches): in the broker's JVM with the embedded broker, over the network in client
     * mode.
     */
    public Messages subscribe(String filter) {
        Messages messages = new Messages(filter);
        if (app.embeddedBroker().isPresent()) {
            subscribeInProcess(app.embeddedBroker().get(), filter, messages);
        } else {
            subscribeOverNetwork(filter, messages);
        }
        return messages;
    }

    private void subscribeInProcess(Broker broker, String filter, Messages messages) {
        LocalClient client = broker.localClient("test-client-" + IDS.incrementAndGet(),
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
        subscriptions.add(client::close);
        client.subscribe(filter, 2).join();
    }

    /** A clean session of its own on the application's first broker, with the application's credentials and TLS. */
    private void subscribeOverNetwork(String filter, Messages messages) {
        AppConfig config = app.injector().getInstance(AppConfig.class);
        ClientSettings settings = ClientSettings.read(config::get, 1);
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5()
                .identifier("test-client-" + IDS.incrementAndGet())
                .transportConfig(settings.brokers().get(0).transport(10_000, settings.tls()));
        if (settings.username() != null) {
            builder.simpleAuth().username(settings.username()).password(settings.password()).applySimpleAuth();
        }
        Mqtt5AsyncClient client = builder.buildAsync();
        client.connect().join();
        subscriptions.add(client::disconnect);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.EXACTLY_ONCE).callback(publish -> messages.add(
                new Messages.Message(publish.getTopic().toString(), publish.getPayloadAsBytes(),
                        publish.getQos().getCode(), publish.isRetain()))).send().join();
    }

    @Override
    public void close() {
        subscriptions.forEach(Runnable::run);
        subscriptions.clear();
    }
}
