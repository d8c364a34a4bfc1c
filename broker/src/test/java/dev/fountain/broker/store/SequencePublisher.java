package dev.fountain.broker.store;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * Publishes {@code "<client id> <sequence number>"} on its own topic at one QoS, numbered from 1,
 * and remembers which numbers the broker acknowledged: those for which Paho's synchronous
 * {@code publish} returned, which it does on the PUBACK (QoS 1) or the PUBCOMP (QoS 2).
 *
 * <p>A publish that failed (the broker was killed under it) is not published again under the same
 * number: Paho itself sends it again after reconnecting, as its session requires, and the broker
 * may deliver it or not. Publishing it again here would make a second message with the same number
 * and turn a correct QoS 2 delivery into an apparent duplicate. The next number goes on.
 */
final class SequencePublisher implements AutoCloseable {

    static final String SENTINEL = "end";

    private final PersistentConnection connection;
    private final String topic;
    private final int qos;
    private final long periodNanos;
    /** Written by the publishing thread only; read after {@link #stop()} has joined it. */
    private final BitSet acknowledged = new BitSet();
    private int attempted;
    private int failed;
    private volatile boolean publishing;
    private Future<?> loop;

    /**
     * @param perSecond the rate it publishes at, so that the number of messages (and the queue of
     *     a subscriber offline for the whole run) depends on the run's length, not the machine's speed
     */
    SequencePublisher(int port, String clientId, String topic, int qos, int perSecond, IntSupplier brokerRun)
            throws MqttException {
        this.topic = topic;
        this.qos = qos;
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.connection = new PersistentConnection(port, clientId, new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // the publishing loop notices on its next publish and reconnects
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        }, brokerRun);
    }

    String clientId() {
        return connection.clientId();
    }

    String topic() {
        return topic;
    }

    int qos() {
        return qos;
    }

    void connect() throws MqttException {
        connection.connect();
    }

    void start(ExecutorService threads) {
        publishing = true;
        loop = threads.submit(this::publishUntilStopped);
    }

    private Void publishUntilStopped() {
        long next = System.nanoTime();
        while (publishing) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next = Math.max(next + periodNanos, System.nanoTime());
            if (!connection.isConnected()) {
                connection.reconnect();
            }
            int sequence = ++attempted;
            try {
                connection.paho().publish(topic, payload(sequence), qos, false);
                acknowledged.set(sequence);
            } catch (MqttException e) {
                failed++;
            }
        }
        return null;
    }

    /** Stops the loop and waits for it; rethrows what ended it early (a reconnect that timed out). */
    void stop() throws Exception {
        publishing = false;
        loop.get(30, TimeUnit.SECONDS);
    }

    /**
     * Publishes the sentinel that tells subscribers this stream is through: the broker delivers one
     * publisher's messages on one topic in order ([MQTT-4.6.0-5]), so a subscriber that has the
     * sentinel has had its chance at everything before it.
     */
    void publishSentinel() {
        await(clientId() + " publishing its sentinel").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    if (!connection.isConnected()) {
                        connection.reconnect();
                    }
                    connection.paho().publish(topic, (clientId() + " " + SENTINEL).getBytes(StandardCharsets.UTF_8),
                            qos, false);
                    return true;
                });
    }

    private byte[] payload(int sequence) {
        return (clientId() + " " + sequence).getBytes(StandardCharsets.UTF_8);
    }

    /** The sequence numbers the broker acknowledged. */
    BitSet acknowledged() {
        return (BitSet) acknowledged.clone();
    }

    int attempted() {
        return attempted;
    }

    int failed() {
        return failed;
    }

    PersistentConnection connection() {
        return connection;
    }

    @Override
    public void close() throws MqttException {
        publishing = false;
        connection.close();
    }
}
