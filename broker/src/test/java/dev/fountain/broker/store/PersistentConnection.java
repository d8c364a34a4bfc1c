package dev.fountain.broker.store;

import static org.awaitility.Awaitility.await;

import dev.fountain.broker.testing.PahoClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A Paho MQTT 3.1.1 client with a persistent session (clean session 0) and a fixed client
 * identifier, that connects again after a crash without subscribing again, and notes every time
 * the broker answered such a reconnect without the session (CONNACK session present 0,
 * [MQTT-3.2.2-2]).
 *
 * <p>The same {@link MqttClient} and its {@link MemoryPersistence} live through every reconnect,
 * so Paho sends its unacknowledged QoS 1 and 2 messages again, and its PUBRELs, as a device that
 * did not crash would ([MQTT-4.4.0-1]): the broker has to recognise a QoS 2 packet identifier it
 * acknowledged with PUBREC before it was killed.
 */
final class PersistentConnection implements AutoCloseable {

    /** Covers a broker restart on a loaded machine: a JVM start, then reading the store back. */
    private static final Duration RECONNECT_WITHIN = Duration.ofSeconds(30);

    private final String clientId;
    private final MqttClient client;
    private final MqttConnectOptions options;
    private final IntSupplier brokerRun;
    private final List<String> sessionsLost = new CopyOnWriteArrayList<>();

    /**
     * @param brokerRun which run of the broker this is (1 before the first kill), to say after which
     *     restart a session was missing
     */
    PersistentConnection(int port, String clientId, MqttCallback callback, IntSupplier brokerRun)
            throws MqttException {
        this.clientId = clientId;
        this.brokerRun = brokerRun;
        client = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        client.setCallback(callback);
        // A broker that never answers must fail the run, not hang a publisher forever.
        client.setTimeToWait(10_000);
        options = PahoClient.options();
        options.setCleanSession(false);
        options.setConnectionTimeout(3);
    }

    String clientId() {
        return clientId;
    }

    MqttClient paho() {
        return client;
    }

    /** The first connection, to an empty store. */
    void connect() throws MqttException {
        client.connect(options);
    }

    /**
     * Connects again, after a crash or after this client's own DISCONNECT, retrying while the
     * broker restarts.
     */
    void reconnect() {
        // Paho notices a killed broker by the closed socket; until then it still counts as connected.
        await(clientId + " noticing the lost connection").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10)).until(() -> !client.isConnected());
        await(clientId + " reconnecting").atMost(RECONNECT_WITHIN).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> {
                    boolean sessionPresent = client.connectWithResult(options).getSessionPresent();
                    if (!sessionPresent) {
                        sessionsLost.add("broker run " + brokerRun.getAsInt());
                    }
                    return true;
                });
    }

    boolean isConnected() {
        return client.isConnected();
    }

    /** A clean DISCONNECT: the session stays on the broker and collects messages meanwhile. */
    void disconnect() throws MqttException {
        client.disconnect(2000);
    }

    /** The broker runs in which a reconnect found no session for this client. */
    List<String> sessionsLost() {
        return sessionsLost;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnectForcibly(100, 100);
        }
        client.close(true);
    }
}
