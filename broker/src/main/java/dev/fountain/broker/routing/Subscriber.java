package dev.fountain.broker.routing;

/**
 * What the index delivers to: a client's session. Called from any event loop, so implementations
 * hand the message over to their own thread.
 */
public interface Subscriber {

    /** The client identifier, for logs and ACL patterns ({@code %c}). */
    String clientId();

    /** The user name of the current or last connection, or {@code null}; for ACL checks. */
    String username();

    /** Whether the ACL does not apply to this subscriber: a bridge's local session. */
    default boolean aclExempt() {
        return false;
    }

    /**
     * Hands over one reference to {@code message}, to be sent with {@code qos} (already downgraded
     * to the granted QoS) and the given RETAIN flag.
     *
     * @param subscriptionIds the MQTT 5 Subscription Identifiers of the matching subscriptions, or
     *     {@code null} when none has one
     * @param sharedFilter the shared subscription ({@code $share/group/filter}) the message came
     *     through, so it can go to another member if this one leaves without it; {@code null}
     */
    void offer(Message message, int qos, boolean retain, int[] subscriptionIds, String sharedFilter);
}
