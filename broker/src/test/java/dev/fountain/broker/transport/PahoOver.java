package dev.fountain.broker.transport;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A Paho MQTT 3.1.1 client on any of its transports ({@code tcp://}, {@code ssl://}, {@code ws://},
 * {@code wss://}) that queues the payloads of what it receives.
 */
final class PahoOver implements AutoCloseable {

    private final MqttClient client;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    private PahoOver(MqttClient client) {
        this.client = client;
    }

    /** A connected clean-session client; {@code tls} supplies the socket factory of ssl:// and wss://. */
    static PahoOver connect(String uri, String clientId, SSLContext tls) throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        if (tls != null) {
            options.setSocketFactory(tls.getSocketFactory());
        }
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return new PahoOver(client);
    }

    void subscribe(String filter, int qos) throws MqttException {
        client.subscribe(filter, qos, (topic, message) -> received.add(topic + " " + new String(message.getPayload())));
    }

    void publish(String topic, String payload, int qos) throws MqttException {
        client.publish(topic, payload.getBytes(), qos, false);
    }

    /** The next message as "topic payload", waiting up to five seconds, or {@code null}. */
    String next() throws InterruptedException {
        return received.poll(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }
}
