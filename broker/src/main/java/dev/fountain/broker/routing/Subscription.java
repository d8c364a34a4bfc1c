package dev.fountain.broker.routing;

/**
 * One subscriber's subscription to one filter, as the index stores it. Immutable: a SUBSCRIBE to
 * a filter already subscribed replaces the entry [MQTT-3.8.4-3].
 *
 * @param noLocal MQTT 5: the subscriber's own messages are not sent back [MQTT-3.8.3-3]
 * @param retainAsPublished MQTT 5: forwarded messages keep the publisher's RETAIN flag
 * @param retainHandling MQTT 5: 0 send retained messages on subscribe, 1 only for a new
 *     subscription, 2 never
 * @param subscriptionId MQTT 5 Subscription Identifier, 0 for none
 */
public record Subscription(Subscriber subscriber, String filter, int qos, boolean noLocal, boolean retainAsPublished,
        int retainHandling, int subscriptionId) {

    /** A subscription with MQTT 3.1.1's behaviour: no options, no identifier. */
    public Subscription(Subscriber subscriber, String filter, int qos) {
        this(subscriber, filter, qos, false, false, 0, 0);
    }
}
