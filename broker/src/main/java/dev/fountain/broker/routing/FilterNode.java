package dev.fountain.broker.routing;

import java.util.Arrays;

/**
 * One level of the {@link SubscriptionIndex}: the filters {@code a/b} and {@code a/+} share the node
 * {@code a}. Thirty-two bytes, no map: the children are in a {@link Children} table, the
 * subscriptions in one field that holds a lone subscription itself and more in an array, because
 * most nodes of a large index are the last level of one filter.
 *
 * <p>Readers (matching, on every event loop) read the volatile fields without a lock; the
 * index's writers, one at a time under its lock, publish every change with a volatile write or a
 * release store, so a reader sees a node whole or not at all.
 */
final class FilterNode {

    final FilterNode parent;
    /** Shared with other nodes of the same level where {@link Levels} found one. */
    final String level;
    /** {@code null}, a {@code FilterNode[]} or a {@link Children.Table}: see {@link Children}. */
    volatile Object children;
    /** {@code null}, one {@link Subscription}, or a {@code Subscription[]} that writers replace. */
    volatile Object subscriptions;
    /** {@code null}, or the shared subscriptions to this filter, one group per share name. */
    volatile SharedGroup[] groups;

    FilterNode(FilterNode parent, String level) {
        this.parent = parent;
        this.level = level;
    }

    boolean isEmpty() {
        return subscriptions == null && groups == null && children == null;
    }

    /** The filter this node stands for: its levels from the root, joined by '/'. */
    String filter() {
        int depth = 0;
        int length = -1;
        for (FilterNode node = this; node.parent != null; node = node.parent) {
            depth++;
            length += node.level.length() + 1;
        }
        String[] levels = new String[depth];
        FilterNode node = this;
        for (int i = depth - 1; i >= 0; i--) {
            levels[i] = node.level;
            node = node.parent;
        }
        StringBuilder filter = new StringBuilder(Math.max(length, 0));
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                filter.append('/');
            }
            filter.append(levels[i]);
        }
        return filter.toString();
    }

    /**
     * Adds {@code subscription} or replaces the subscriber's own one here; under the index's lock.
     *
     * @return the replaced subscription, or {@code null}
     */
    Subscription add(Subscription subscription) {
        Object current = subscriptions;
        if (current == null) {
            subscriptions = subscription;
            return null;
        }
        if (current instanceof Subscription one) {
            if (one.subscriber() == subscription.subscriber()) {
                subscriptions = subscription;
                return one;
            }
            subscriptions = new Subscription[] {one, subscription};
            return null;
        }
        Subscription[] all = (Subscription[]) current;
        int at = indexOf(all, subscription.subscriber());
        subscriptions = with(all, at, subscription);
        return at < 0 ? null : all[at];
    }

    /** The subscriber's subscription here, or {@code null}. */
    Subscription of(Subscriber subscriber) {
        Object current = subscriptions;
        if (current instanceof Subscription one) {
            return one.subscriber() == subscriber ? one : null;
        }
        if (current != null) {
            Subscription[] all = (Subscription[]) current;
            int at = indexOf(all, subscriber);
            return at < 0 ? null : all[at];
        }
        return null;
    }

    /** Removes exactly {@code subscription}; under the index's lock. @return whether it was here */
    boolean remove(Subscription subscription) {
        Object current = subscriptions;
        if (current == subscription) {
            subscriptions = null;
            return true;
        }
        if (!(current instanceof Subscription[] all)) {
            return false;
        }
        for (int i = 0; i < all.length; i++) {
            if (all[i] == subscription) {
                subscriptions = all.length == 2 ? all[1 - i] : without(all, i);
                return true;
            }
        }
        return false;
    }

    /** Where {@code subscriber}'s subscription is in {@code all}, or -1. */
    static int indexOf(Subscription[] all, Subscriber subscriber) {
        for (int i = 0; i < all.length; i++) {
            if (all[i].subscriber() == subscriber) {
                return i;
            }
        }
        return -1;
    }

    /** A copy of {@code all} with {@code subscription} at {@code at}, or added at the end when {@code at} is -1. */
    static Subscription[] with(Subscription[] all, int at, Subscription subscription) {
        Subscription[] next = at < 0 ? Arrays.copyOf(all, all.length + 1) : all.clone();
        next[at < 0 ? all.length : at] = subscription;
        return next;
    }

    static Subscription[] without(Subscription[] all, int i) {
        Subscription[] next = new Subscription[all.length - 1];
        System.arraycopy(all, 0, next, 0, i);
        System.arraycopy(all, i + 1, next, i, all.length - i - 1);
        return next;
    }

    /** The shared group {@code name} here, or {@code null}. */
    SharedGroup group(String name) {
        SharedGroup[] current = groups;
        if (current != null) {
            for (SharedGroup group : current) {
                if (group.name.equals(name)) {
                    return group;
                }
            }
        }
        return null;
    }

    /** Adds a new group; under the index's lock. */
    void addGroup(SharedGroup group) {
        SharedGroup[] current = groups;
        if (current == null) {
            groups = new SharedGroup[] {group};
        } else {
            SharedGroup[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = group;
            groups = next;
        }
    }

    /** Removes a group that has no members left; under the index's lock. */
    void removeGroup(SharedGroup group) {
        SharedGroup[] current = groups;
        if (current == null) {
            return;
        }
        for (int i = 0; i < current.length; i++) {
            if (current[i] == group) {
                if (current.length == 1) {
                    groups = null;
                } else {
                    SharedGroup[] next = new SharedGroup[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    groups = next;
                }
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "FilterNode[" + filter() + "]";
    }
}
