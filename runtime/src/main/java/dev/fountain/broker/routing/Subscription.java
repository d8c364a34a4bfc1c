package dev.fountain.broker.routing;

/**
 * One subscriber's subscription to one filter, as the index stores it. Immutable: a SUBSCRIBE to
 * a filter already subscribed replaces the entry [MQTT-3.8.4-3].
 */
public record Subscription(Subscriber subscriber, String filter, int qos) {
}
