package dev.fountain.app.client;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A device on the external broker: an MQTT 5 client with a clean session. */
final class Device implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final Mqtt5BlockingClient client;
    private final Mqtt5BlockingClient.Mqtt5Publishes received;

    Device(int port) {
        client = MqttClient.builder().useMqttVersion5().identifier("device-" + IDS.incrementAndGet())
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        client.connectWith().cleanStart(true).send();
        received = client.publishes(MqttGlobalPublishFilter.ALL);
    }

    Mqtt5BlockingClient client() {
        return client;
    }

    void publish(String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    void subscribe(String filter) {
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    /** The next message to arrive, within ten seconds. */
    Mqtt5Publish next() throws InterruptedException {
        return received.receive(10, TimeUnit.SECONDS)
                .orElseThrow(() -> new AssertionError("nothing arrived within 10 s"));
    }

    static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        received.close();
        client.disconnect();
    }
}
