package dev.fountain.broker.routing;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Takes a published message to every matching subscriber: stores or deletes it as the topic's
 * retained message when flagged, matches the index, drops subscribers the ACL hides the topic
 * from, and hands each remaining subscriber one reference at its granted QoS.
 */
public final class Router {

    /** Whether a subscriber may read a topic, checked per delivery so a wildcard never leaks one. */
    @FunctionalInterface
    public interface ReadAccess {
        ReadAccess ALLOW_ALL = (subscriber, topic) -> true;

        boolean canRead(Subscriber subscriber, String topic);
    }

    private final SubscriptionIndex index;
    private final RetainedMessages retained;
    private final ReadAccess readAccess;
    private final MemoryBudget memory;
    private final FastThreadLocal<MatchCollector> collectors = new FastThreadLocal<>() {
        @Override
        protected MatchCollector initialValue() {
            return new MatchCollector();
        }
    };

    public Router(SubscriptionIndex index, RetainedMessages retained, ReadAccess readAccess) {
        this(index, retained, readAccess, MemoryBudget.UNLIMITED);
    }

    /** @param memory what every publish's payload is counted against ({@code memory_limit}) */
    public Router(SubscriptionIndex index, RetainedMessages retained, ReadAccess readAccess, MemoryBudget memory) {
        this.index = index;
        this.retained = retained;
        this.readAccess = readAccess;
        this.memory = memory;
    }

    public MemoryBudget memory() {
        return memory;
    }

    public SubscriptionIndex index() {
        return index;
    }

    public RetainedMessages retained() {
        return retained;
    }

    public ReadAccess readAccess() {
        return readAccess;
    }

    /**
     * Routes {@code message}; the caller keeps its own reference. Messages from one publisher reach
     * each subscriber in the order they are routed, because each subscriber's hand-over queue is
     * first in, first out.
     *
     * @return how many subscribers it was handed to
     */
    public int publish(Message message) {
        if (message.retainFlag()) {
            retained.put(message.retain());
        }
        MatchCollector matches = collectors.get();
        matches.publisher(message.publisher());
        index.match(message.topic(), matches);
        int delivered = 0;
        try {
            for (int i = 0; i < matches.size(); i++) {
                Subscriber subscriber = matches.subscriber(i);
                if (!readAccess.canRead(subscriber, message.topic())) {
                    continue;
                }
                // The granted QoS caps the delivery [MQTT-3.8.4-6]; an established subscription
                // gets RETAIN 0 whatever the publisher set [MQTT-3.3.1-9], unless it asked for
                // Retain As Published (MQTT 5) [MQTT-3.3.1-13].
                boolean retain = matches.retainAsPublished(i) && message.retainFlag();
                subscriber.offer(message.retain(), Math.min(matches.qos(i), message.qos()), retain,
                        matches.subscriptionIds(i), matches.sharedFilter(i));
                delivered++;
            }
        } finally {
            matches.clear();
        }
        return delivered;
    }
}
