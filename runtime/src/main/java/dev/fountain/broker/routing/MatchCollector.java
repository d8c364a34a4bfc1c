package dev.fountain.broker.routing;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * The subscribers one message goes to, each once, with the highest QoS of its matching
 * subscriptions: MQTT 3.1.1 lets the server send overlapping subscriptions one copy at the
 * maximum QoS [MQTT-3.3.5-1], and one copy is what a subscriber wants. Reused per thread, so
 * routing a message allocates nothing here; small fan-outs are deduplicated by a linear scan,
 * large ones through a map.
 */
public final class MatchCollector {

    private static final int LINEAR_LIMIT = 8;

    private Subscriber[] subscribers = new Subscriber[16];
    private int[] qos = new int[16];
    private int size;
    private final IdentityHashMap<Subscriber, Integer> positions = new IdentityHashMap<>();

    void addAll(Subscription[] subscriptions) {
        for (Subscription subscription : subscriptions) {
            add(subscription.subscriber(), subscription.qos());
        }
    }

    void add(Subscriber subscriber, int grantedQos) {
        int index = indexOf(subscriber);
        if (index >= 0) {
            qos[index] = Math.max(qos[index], grantedQos);
            return;
        }
        if (size == subscribers.length) {
            subscribers = Arrays.copyOf(subscribers, size * 2);
            qos = Arrays.copyOf(qos, size * 2);
        }
        subscribers[size] = subscriber;
        qos[size] = grantedQos;
        if (size >= LINEAR_LIMIT) {
            if (size == LINEAR_LIMIT) {
                for (int i = 0; i < LINEAR_LIMIT; i++) {
                    positions.put(subscribers[i], i);
                }
            }
            positions.put(subscriber, size);
        }
        size++;
    }

    private int indexOf(Subscriber subscriber) {
        if (size > LINEAR_LIMIT) {
            Integer position = positions.get(subscriber);
            return position == null ? -1 : position;
        }
        for (int i = 0; i < size; i++) {
            if (subscribers[i] == subscriber) {
                return i;
            }
        }
        return -1;
    }

    public int size() {
        return size;
    }

    public Subscriber subscriber(int index) {
        return subscribers[index];
    }

    /** The highest granted QoS among the subscriber's matching subscriptions. */
    public int qos(int index) {
        return qos[index];
    }

    /** Forgets the last match, keeping the arrays for the next. */
    public void clear() {
        Arrays.fill(subscribers, 0, size, null);
        if (size > LINEAR_LIMIT) {
            positions.clear();
        }
        size = 0;
    }
}
