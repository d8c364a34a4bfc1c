package dev.fountain.broker.routing;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * The subscribers one message goes to, each once: with the highest QoS of its matching
 * subscriptions, the RETAIN flag as published if any of them asks for it, and the Subscription
 * Identifiers of all of them [MQTT-3.3.4-3]. MQTT 3.1.1 lets the server send overlapping
 * subscriptions one copy at the maximum QoS [MQTT-3.3.5-1], and one copy is what a subscriber wants.
 * Subscriptions with No Local are skipped for the message's own publisher [MQTT-3.8.3-3].
 *
 * <p>Reused per thread, so routing a message allocates nothing here unless identifiers are in play;
 * small fan-outs are deduplicated by a linear scan, large ones through a map.
 */
public final class MatchCollector {

    private static final int LINEAR_LIMIT = 8;

    private Subscriber[] subscribers = new Subscriber[16];
    private int[] qos = new int[16];
    private boolean[] retainAsPublished = new boolean[16];
    private int[][] subscriptionIds = new int[16][];
    private String[] sharedFilters = new String[16];
    private int size;
    private Object publisher;
    private final IdentityHashMap<Subscriber, Integer> positions = new IdentityHashMap<>();

    /** Who published the message being matched, for No Local; {@code null} for nobody in particular. */
    void publisher(Object messagePublisher) {
        this.publisher = messagePublisher;
    }

    void addAll(Subscription[] subscriptions) {
        for (Subscription subscription : subscriptions) {
            add(subscription);
        }
    }

    /** A member chosen for a message of its shared subscription. */
    void addShared(Subscription subscription) {
        int index = add(subscription);
        if (index >= 0 && sharedFilters[index] == null) {
            sharedFilters[index] = subscription.filter();
        }
    }

    int add(Subscription subscription) {
        Subscriber subscriber = subscription.subscriber();
        if (subscription.noLocal() && subscriber == publisher) {
            return -1;
        }
        int index = indexOf(subscriber);
        if (index < 0) {
            index = append(subscriber);
        }
        qos[index] = Math.max(qos[index], subscription.qos());
        retainAsPublished[index] |= subscription.retainAsPublished();
        if (subscription.subscriptionId() != 0) {
            int[] ids = subscriptionIds[index];
            if (ids == null) {
                subscriptionIds[index] = new int[] {subscription.subscriptionId()};
            } else {
                ids = Arrays.copyOf(ids, ids.length + 1);
                ids[ids.length - 1] = subscription.subscriptionId();
                subscriptionIds[index] = ids;
            }
        }
        return index;
    }

    private int append(Subscriber subscriber) {
        if (size == subscribers.length) {
            int capacity = size * 2;
            subscribers = Arrays.copyOf(subscribers, capacity);
            qos = Arrays.copyOf(qos, capacity);
            retainAsPublished = Arrays.copyOf(retainAsPublished, capacity);
            subscriptionIds = Arrays.copyOf(subscriptionIds, capacity);
            sharedFilters = Arrays.copyOf(sharedFilters, capacity);
        }
        subscribers[size] = subscriber;
        qos[size] = 0;
        retainAsPublished[size] = false;
        subscriptionIds[size] = null;
        sharedFilters[size] = null;
        if (size >= LINEAR_LIMIT) {
            if (size == LINEAR_LIMIT) {
                for (int i = 0; i < LINEAR_LIMIT; i++) {
                    positions.put(subscribers[i], i);
                }
            }
            positions.put(subscriber, size);
        }
        return size++;
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

    /** Whether one of the subscriber's matching subscriptions keeps the publisher's RETAIN flag. */
    public boolean retainAsPublished(int index) {
        return retainAsPublished[index];
    }

    /** The Subscription Identifiers of the subscriber's matching subscriptions, or {@code null}. */
    public int[] subscriptionIds(int index) {
        return subscriptionIds[index];
    }

    /** The shared subscription the subscriber was chosen through, or {@code null}. */
    public String sharedFilter(int index) {
        return sharedFilters[index];
    }

    /** Forgets the last match, keeping the arrays for the next. */
    public void clear() {
        Arrays.fill(subscribers, 0, size, null);
        Arrays.fill(subscriptionIds, 0, size, null);
        Arrays.fill(sharedFilters, 0, size, null);
        if (size > LINEAR_LIMIT) {
            positions.clear();
        }
        size = 0;
        publisher = null;
    }
}
