package dev.fountain.broker.routing;

import java.util.Arrays;

/**
 * One subscriber's own subscriptions, the same objects the index holds, so that a session that ends
 * can take them all out of the index, and a restart or a log can list them. An array, not a map by
 * filter: a subscription knows its slot here, so it leaves in constant time, and finding one by
 * filter is the index's business ({@link SubscriptionIndex#remove(Subscriber, String)}). About five
 * bytes per subscription, where a {@code HashMap} entry and its share of the table took over forty.
 *
 * <p>Touched only by the subscriber's own thread.
 */
public final class SubscriptionList {

    private static final Subscription[] NONE = new Subscription[0];

    private Subscription[] items = NONE;
    private int size;

    /**
     * Keeps {@code added}, in the place of {@code replaced} when it replaced one (what
     * {@link SubscriptionIndex#add} returned).
     */
    public void put(Subscription added, Subscription replaced) {
        if (added == replaced) {
            return;
        }
        if (replaced != null && replaced.slot >= 0 && replaced.slot < size && items[replaced.slot] == replaced) {
            items[replaced.slot] = added;
            added.slot = replaced.slot;
            replaced.slot = -1;
            return;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.max(4, size + (size >> 1)));
        }
        items[size] = added;
        added.slot = size++;
    }

    /** Forgets {@code subscription}, which a {@link SubscriptionIndex#remove} returned. */
    public void remove(Subscription subscription) {
        int slot = subscription.slot;
        if (slot < 0 || slot >= size || items[slot] != subscription) {
            return;
        }
        Subscription last = items[--size];
        items[slot] = last;
        last.slot = slot;
        items[size] = null;
        subscription.slot = -1;
        if (items.length > 8 && size < items.length / 4) {
            items = Arrays.copyOf(items, items.length / 2);
        }
    }

    public int size() {
        return size;
    }

    public Subscription get(int index) {
        return items[index];
    }

    public void clear() {
        for (int i = 0; i < size; i++) {
            items[i].slot = -1;
        }
        items = NONE;
        size = 0;
    }
}
