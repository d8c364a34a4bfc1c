package dev.fountain.broker.routing;

/**
 * One subscriber's subscription to one filter: the one object both the index and the subscriber's
 * {@link SubscriptionList} hold. A SUBSCRIBE to a filter already subscribed makes a new one that
 * replaces the entry [MQTT-3.8.4-3]; the options never change.
 *
 * <p>Thirty-two bytes, because the index holds one per subscription and a broker may hold millions
 * (issue 17): the options are packed into one int, and the filter is not kept once the index has
 * the subscription, since the index's node (or the shared group) spells it. Until then, and for a
 * subscription that never reaches an index (a store's record), the filter is the string given.
 *
 * <p>The options, MQTT 5's: No Local, the subscriber's own messages are not sent back
 * [MQTT-3.8.3-3]; Retain As Published, forwarded messages keep the publisher's RETAIN flag; Retain
 * Handling, 0 send retained messages on subscribe, 1 only for a new subscription, 2 never; the
 * Subscription Identifier, 0 for none.
 */
public final class Subscription {

    private static final int QOS = 0b11;
    private static final int NO_LOCAL = 1 << 2;
    private static final int RETAIN_AS_PUBLISHED = 1 << 3;
    private static final int RETAIN_HANDLING_SHIFT = 4;

    private final Subscriber subscriber;
    private final int options;
    private final int subscriptionId;
    /**
     * The filter as given, until the index takes the subscription: then the {@link FilterNode} of a
     * plain subscription or the {@link SharedGroup} of a shared one, set under the index's lock
     * before the subscription is published to readers.
     */
    private Object filterOrPlace;
    /** Where the subscriber's {@link SubscriptionList} keeps it; touched by the subscriber's thread only. */
    int slot = -1;

    public Subscription(Subscriber subscriber, String filter, int qos, boolean noLocal, boolean retainAsPublished,
            int retainHandling, int subscriptionId) {
        if (qos < 0 || qos > 2 || retainHandling < 0 || retainHandling > 2) {
            throw new IllegalArgumentException("QoS " + qos + ", Retain Handling " + retainHandling);
        }
        this.subscriber = subscriber;
        this.filterOrPlace = filter;
        this.options = qos | (noLocal ? NO_LOCAL : 0) | (retainAsPublished ? RETAIN_AS_PUBLISHED : 0)
                | retainHandling << RETAIN_HANDLING_SHIFT;
        this.subscriptionId = subscriptionId;
    }

    /** A subscription with MQTT 3.1.1's behaviour: no options, no identifier. */
    public Subscription(Subscriber subscriber, String filter, int qos) {
        this(subscriber, filter, qos, false, false, 0, 0);
    }

    public Subscriber subscriber() {
        return subscriber;
    }

    /**
     * The filter as subscribed, {@code $share/<group>/} included. Once in the index this is spelled
     * from the index's levels for a plain subscription, so callers that have the filter at hand
     * should use theirs.
     */
    public String filter() {
        Object at = filterOrPlace;
        if (at instanceof String filter) {
            return filter;
        }
        if (at instanceof SharedGroup group) {
            return group.filter;
        }
        return ((FilterNode) at).filter();
    }

    /** The granted QoS. */
    public int qos() {
        return options & QOS;
    }

    public boolean noLocal() {
        return (options & NO_LOCAL) != 0;
    }

    public boolean retainAsPublished() {
        return (options & RETAIN_AS_PUBLISHED) != 0;
    }

    public int retainHandling() {
        return options >>> RETAIN_HANDLING_SHIFT;
    }

    public int subscriptionId() {
        return subscriptionId;
    }

    /** The node or shared group holding it, or the filter string while no index does. */
    Object place() {
        return filterOrPlace;
    }

    /** Called by the index, under its lock, before the subscription is reachable by readers. */
    void place(Object nodeOrGroup) {
        filterOrPlace = nodeOrGroup;
    }

    @Override
    public String toString() {
        return "Subscription[" + subscriber + ", " + filter() + ", QoS " + qos() + (noLocal() ? ", no local" : "")
                + (retainAsPublished() ? ", retain as published" : "") + ", retain handling " + retainHandling()
                + (subscriptionId == 0 ? "" : ", id " + subscriptionId) + "]";
    }
}
