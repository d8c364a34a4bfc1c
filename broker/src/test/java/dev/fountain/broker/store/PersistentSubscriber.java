package dev.fountain.broker.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * A subscriber with a persistent session that subscribes once, at the start, and never again: every
 * message it gets after a restart comes through the subscription the broker read back from its
 * store. It counts what it receives per publisher and sequence number.
 */
final class PersistentSubscriber implements AutoCloseable {

    private final PersistentConnection connection;
    /** Publisher client id → sequence number → times delivered. Written by Paho's callback thread. */
    private final ConcurrentMap<String, ConcurrentMap<Integer, Integer>> counts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<Integer>> qosDelivered = new ConcurrentHashMap<>();
    private final Set<String> sentinels = ConcurrentHashMap.newKeySet();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private boolean away;

    PersistentSubscriber(int port, String clientId, IntSupplier brokerRun) throws MqttException {
        connection = new PersistentConnection(port, clientId, new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // the test reconnects it after the restart, or later if it is to stay away
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                record(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        }, brokerRun);
    }

    String clientId() {
        return connection.clientId();
    }

    PersistentConnection connection() {
        return connection;
    }

    /** Connects and sends the one SUBSCRIBE of the whole run; returns the granted QoS per filter. */
    int[] connectAndSubscribe(String[] filters, int[] qos) throws MqttException {
        connection.connect();
        return connection.paho().subscribeWithResponse(filters, qos).getGrantedQos();
    }

    /** Goes offline on purpose, with a DISCONNECT: the broker queues for its session meanwhile. */
    void leave() throws MqttException {
        away = true;
        connection.disconnect();
    }

    void comeBack() {
        away = false;
        connection.reconnect();
    }

    /** After a restart: connects again unless it is away on purpose. */
    void reconnectUnlessAway() {
        if (!away) {
            connection.reconnect();
        }
    }

    private void record(String topic, String payload, int qos) {
        String[] parts = payload.split(" ");
        if (parts.length != 2) {
            unexpected.add(topic + " '" + payload + "'");
            return;
        }
        String publisher = parts[0];
        qosDelivered.computeIfAbsent(publisher, p -> ConcurrentHashMap.newKeySet()).add(qos);
        if (parts[1].equals(SequencePublisher.SENTINEL)) {
            sentinels.add(publisher);
        } else {
            counts.computeIfAbsent(publisher, p -> new ConcurrentHashMap<>()).merge(Integer.parseInt(parts[1]), 1,
                    Integer::sum);
        }
    }

    boolean hasSentinelOf(SequencePublisher publisher) {
        return sentinels.contains(publisher.clientId());
    }

    boolean hasAllAcknowledgedOf(SequencePublisher publisher) {
        return missing(publisher).isEmpty();
    }

    int received(SequencePublisher publisher) {
        return counts.getOrDefault(publisher.clientId(), new ConcurrentHashMap<>()).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Acknowledged sequence numbers never delivered. */
    List<Integer> missing(SequencePublisher publisher) {
        Map<Integer, Integer> got = counts.getOrDefault(publisher.clientId(), new ConcurrentHashMap<>());
        BitSet acknowledged = publisher.acknowledged();
        return acknowledged.stream().filter(sequence -> !got.containsKey(sequence)).boxed().toList();
    }

    /** Sequence numbers delivered more than once, with how often. */
    Map<Integer, Integer> duplicates(SequencePublisher publisher) {
        return counts.getOrDefault(publisher.clientId(), new ConcurrentHashMap<>()).entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * What is wrong with this subscriber's copy of one publisher's stream: acknowledged messages
     * missing; for QoS 2 any message delivered twice (exactly once: MQTT 3.1.1
     * section 4.3.3); a delivery QoS
     * other than the one subscribed to (a subscription restored at the wrong QoS); no sentinel.
     */
    List<String> problems(SequencePublisher publisher) {
        String stream = clientId() + " <- " + publisher.clientId() + " (QoS " + publisher.qos() + ")";
        List<String> problems = new ArrayList<>();
        List<Integer> missing = missing(publisher);
        if (!missing.isEmpty()) {
            problems.add(stream + ": " + missing.size() + " of " + publisher.acknowledged().cardinality()
                    + " acknowledged sequence numbers never delivered: " + Ranges.of(missing));
        }
        Map<Integer, Integer> duplicates = duplicates(publisher);
        if (publisher.qos() == 2 && !duplicates.isEmpty()) {
            problems.add(stream + ": " + duplicates.size() + " sequence numbers delivered more than once: "
                    + Ranges.counted(duplicates));
        }
        Set<Integer> qos = qosDelivered.getOrDefault(publisher.clientId(), Set.of());
        if (!qos.isEmpty() && !qos.equals(Set.of(publisher.qos()))) {
            problems.add(stream + ": delivered at QoS " + qos + ", subscribed at " + publisher.qos());
        }
        if (!hasSentinelOf(publisher)) {
            problems.add(stream + ": its sentinel never arrived (last sequence number "
                    + publisher.attempted() + ")");
        }
        return problems;
    }

    /** Payloads that are not {@code "<publisher> <number>"}: the broker made them up or mangled them. */
    List<String> unexpected() {
        return unexpected;
    }

    @Override
    public void close() throws MqttException {
        connection.close();
    }
}
