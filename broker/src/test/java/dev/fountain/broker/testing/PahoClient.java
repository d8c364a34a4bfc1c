package dev.fountain.broker.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A Paho MQTT 3.1.1 client for tests that records what it receives, in order, and how its
 * connection ended.
 */
public final class PahoClient implements AutoCloseable {

    /** A message as the client received it. */
    public record Received(String topic, String payload, int qos, boolean retained, boolean duplicate) {
    }

    /** Messages arrive in microseconds here; Awaitility's default 100 ms poll would dominate tests. */
    private static final Duration POLL = Duration.ofMillis(2);

    private final MqttClient client;
    private final List<Received> all = new CopyOnWriteArrayList<>();
    private int consumed;
    private volatile Throwable connectionLost;

    private PahoClient(MqttClient client) {
        this.client = client;
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                connectionLost = cause;
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Received r = new Received(topic, new String(message.getPayload()), message.getQos(),
                        message.isRetained(), message.isDuplicate());
                all.add(r);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    public static MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout(5);
        options.setMaxInflight(1000);
        return options;
    }

    /** A client that is not connected yet. */
    public static PahoClient create(int port, String clientId) throws MqttException {
        return new PahoClient(new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence()));
    }

    /** A connected clean-session client. */
    public static PahoClient connect(int port, String clientId) throws MqttException {
        return connect(port, clientId, options());
    }

    public static PahoClient connect(int port, String clientId, MqttConnectOptions options) throws MqttException {
        PahoClient client = create(port, clientId);
        client.client.connect(options);
        return client;
    }

    public MqttClient paho() {
        return client;
    }

    public PahoClient subscribe(String filter, int qos) throws MqttException {
        client.subscribe(filter, qos);
        return this;
    }

    /** Subscribes and returns the SUBACK's return code: the granted QoS, or 128 for a refusal. */
    public int subscribeGranted(String filter, int qos) throws MqttException {
        IMqttToken token = client.subscribeWithResponse(filter, qos);
        return token.getGrantedQos()[0];
    }

    public void publish(String topic, String payload, int qos, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(), qos, retained);
    }

    /** The next message not yet looked at, waiting up to five seconds. */
    public Received next() {
        int index = consumed;
        await("message #" + index + " after " + all).atMost(Duration.ofSeconds(5)).pollInterval(POLL)
                .until(() -> all.size() > index);
        consumed++;
        return all.get(index);
    }

    /** Asserts that no message beyond those already looked at arrives within {@code window}. */
    public void expectNothingFor(Duration window) {
        int expected = consumed;
        await().during(window).atMost(window.plusSeconds(1)).until(() -> all.size() == expected);
    }

    public List<Received> all() {
        return all;
    }

    /** Waits until {@code count} messages arrived in all, and counts them as looked at. */
    public void awaitCount(int count) {
        await("at least " + count + " messages").atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> all.size() >= count);
        consumed = Math.max(consumed, count);
    }

    public Throwable connectionLost() {
        return connectionLost;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public void disconnect() throws MqttException {
        client.disconnect(1000);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnectForcibly(100, 100);
        }
        client.close(true);
    }
}
