package dev.fountain.broker.routing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The members of one shared subscription {@code $share/<name>/<filter>} (MQTT 5.0 section 4.8.2):
 * each message goes to one of them, in turn (round robin), so a group of equal workers shares the
 * load evenly. Kept at its filter's {@link FilterNode}; a member's {@link Subscription} points
 * here, so the shared filter string is kept once per group, not once per member.
 */
final class SharedGroup {

    private static final Subscription[] NONE = new Subscription[0];

    final FilterNode node;
    final String name;
    /** {@code $share/<name>/<filter>}, as the members subscribed. */
    final String filter;
    volatile Subscription[] members = NONE;
    private final AtomicInteger turn = new AtomicInteger();

    SharedGroup(FilterNode node, String name, String filter) {
        this.node = node;
        this.name = name;
        this.filter = filter;
    }

    /**
     * The member whose turn it is among those that may read {@code topic}, skipping
     * {@code leaving}; {@code null} when there is none.
     */
    Subscription next(Subscriber leaving, String topic, Router.ReadAccess readAccess) {
        Subscription[] current = members;
        for (int tries = 0; tries < current.length; tries++) {
            Subscription candidate = current[Math.floorMod(turn.getAndIncrement(), current.length)];
            if (candidate.subscriber() != leaving && readAccess.canRead(candidate.subscriber(), topic)) {
                return candidate;
            }
        }
        return null;
    }

    /** Adds or replaces the subscriber's membership; under the index's lock. @return the replaced one */
    Subscription add(Subscription subscription) {
        Subscription[] current = members;
        int at = FilterNode.indexOf(current, subscription.subscriber());
        members = FilterNode.with(current, at, subscription);
        return at < 0 ? null : current[at];
    }

    /** The subscriber's membership, or {@code null}. */
    Subscription of(Subscriber subscriber) {
        Subscription[] current = members;
        int at = FilterNode.indexOf(current, subscriber);
        return at < 0 ? null : current[at];
    }

    /** Removes exactly {@code subscription}; under the index's lock. @return whether it was a member */
    boolean remove(Subscription subscription) {
        Subscription[] current = members;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == subscription) {
                members = current.length == 1 ? NONE : FilterNode.without(current, i);
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return members.length == 0;
    }
}
