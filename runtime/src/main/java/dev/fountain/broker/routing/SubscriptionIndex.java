package dev.fountain.broker.routing;

import dev.fountain.topic.Topics;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * All subscriptions, as a tree of topic levels: a filter {@code a/+/c} is stored under the nodes
 * {@code a}, {@code +}, {@code c}. Matching a topic name walks only the branches that can match
 * it (the literal level, {@code +} and {@code #} at each step), so its cost grows with the depth
 * of the name and the number of matches, not with the number of unrelated subscriptions.
 *
 * <p>Matching runs on every event loop at once and takes no lock: children live in concurrent
 * maps and each node's subscriptions in an array that writers replace, never change. Writers
 * (SUBSCRIBE, UNSUBSCRIBE, session end) are rare next to PUBLISH and take one lock, which also
 * makes pruning empty nodes safe. The semantics are {@link Topics#matches}, which tests hold this
 * index to.
 */
public final class SubscriptionIndex {

    private static final Subscription[] NONE = new Subscription[0];

    private final Node root = new Node(null, "");
    private final ReentrantLock writeLock = new ReentrantLock();
    private int count;

    private static final class Node {
        final Node parent;
        final String level;
        final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>(4);
        volatile Subscription[] subscriptions = NONE;

        Node(Node parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        boolean isEmpty() {
            return subscriptions.length == 0 && children.isEmpty();
        }
    }

    /**
     * Adds {@code subscription}, or replaces the subscriber's existing one to the same filter.
     *
     * @return the replaced subscription, or {@code null} when it is new
     */
    public Subscription add(Subscription subscription) {
        writeLock.lock();
        try {
            Node node = root;
            String filter = subscription.filter();
            int from = 0;
            while (true) {
                int end = Topics.levelEnd(filter, from);
                String level = filter.substring(from, end);
                Node child = node.children.get(level);
                if (child == null) {
                    child = new Node(node, level);
                    node.children.put(level, child);
                }
                node = child;
                if (end == filter.length()) {
                    break;
                }
                from = end + 1;
            }
            Subscription[] current = node.subscriptions;
            for (int i = 0; i < current.length; i++) {
                if (current[i].subscriber() == subscription.subscriber()) {
                    Subscription[] next = current.clone();
                    next[i] = subscription;
                    node.subscriptions = next;
                    return current[i];
                }
            }
            Subscription[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = subscription;
            node.subscriptions = next;
            count++;
            return null;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Removes {@code subscriber}'s subscription to {@code filter}.
     *
     * @return whether there was one
     */
    public boolean remove(Subscriber subscriber, String filter) {
        writeLock.lock();
        try {
            Node node = find(filter);
            if (node == null) {
                return false;
            }
            Subscription[] current = node.subscriptions;
            for (int i = 0; i < current.length; i++) {
                if (current[i].subscriber() == subscriber) {
                    Subscription[] next = new Subscription[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    node.subscriptions = next.length == 0 ? NONE : next;
                    count--;
                    prune(node);
                    return true;
                }
            }
            return false;
        } finally {
            writeLock.unlock();
        }
    }

    /** How many subscriptions the index holds. */
    public int size() {
        writeLock.lock();
        try {
            return count;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Calls {@code collector} with every subscription whose filter matches the topic {@code name},
     * once per subscription (a subscriber with overlapping filters appears once per filter).
     */
    public void match(String name, MatchCollector collector) {
        boolean hideFromWildcards = Topics.startsWithDollar(name);
        matchLevel(root, name, 0, hideFromWildcards, collector);
    }

    private void matchLevel(Node node, String name, int from, boolean hideFromWildcards, MatchCollector collector) {
        if (from > name.length()) {
            collector.addAll(node.subscriptions);
            Node multi = node.children.get("#");
            if (multi != null) {
                // 'a/#' matches 'a' as well [MQTT-4.7.1-2]
                collector.addAll(multi.subscriptions);
            }
            return;
        }
        if (!hideFromWildcards) {
            Node multi = node.children.get("#");
            if (multi != null) {
                collector.addAll(multi.subscriptions);
            }
        }
        int end = Topics.levelEnd(name, from);
        // past the end means "no level left", which differs from an empty last level ('a/')
        int next = end + 1;
        if (!hideFromWildcards) {
            Node single = node.children.get("+");
            if (single != null) {
                matchLevel(single, name, next, false, collector);
            }
        }
        Node literal = node.children.get(name.substring(from, end));
        if (literal != null) {
            matchLevel(literal, name, next, false, collector);
        }
    }

    private Node find(String filter) {
        Node node = root;
        int from = 0;
        while (node != null) {
            int end = Topics.levelEnd(filter, from);
            node = node.children.get(filter.substring(from, end));
            if (end == filter.length()) {
                return node;
            }
            from = end + 1;
        }
        return null;
    }

    private void prune(Node node) {
        while (node != root && node.isEmpty()) {
            node.parent.children.remove(node.level, node);
            node = node.parent;
        }
    }
}
