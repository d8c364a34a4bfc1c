package dev.fountain.broker.routing;

import dev.fountain.topic.Topics;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * All subscriptions, as a tree of topic levels: a filter {@code a/+/c} is stored under the nodes
 * {@code a}, {@code +}, {@code c}. Matching a topic name walks only the branches that can match
 * it (the literal level, {@code +} and {@code #} at each step), so its cost grows with the depth
 * of the name and the number of matches, not with the number of unrelated subscriptions.
 *
 * <p>Matching runs on every event loop at once and takes no lock and allocates nothing: children
 * are found in {@link Children} tables by the topic's levels in place, and each node's
 * subscriptions are one field that writers replace, never change. Writers (SUBSCRIBE, UNSUBSCRIBE,
 * session end) are rare next to PUBLISH and take one lock, which also makes pruning empty nodes
 * safe. The semantics are {@link Topics#matches}, which tests hold this index to.
 *
 * <p>What a subscription costs is what a broker with millions of them holds (issue 17): the index
 * and the subscriber's {@link SubscriptionList} share one {@link Subscription}, which keeps no
 * filter string once here; nodes have no map of their own; and levels that recur are one string
 * ({@link Levels}).
 *
 * <p>A shared subscription {@code $share/<group>/<filter>} (MQTT 5.0 section 4.8.2, also accepted
 * from MQTT 3.1.1 clients as Mosquitto does) is stored at its filter's node in a group; each
 * matching message goes to one member of the group, in turn.
 */
public final class SubscriptionIndex {

    private final FilterNode root = new FilterNode(null, "");
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Levels levels = new Levels();
    private final Router.ReadAccess readAccess;
    private int count;

    /** An index whose shared groups may give any message to any member. */
    public SubscriptionIndex() {
        this(Router.ReadAccess.ALLOW_ALL);
    }

    /**
     * An index whose shared groups give a message only to a member that may read its topic: the
     * member is chosen after the check, so a member the ACL hides a topic from never costs the
     * group the message.
     */
    public SubscriptionIndex(Router.ReadAccess readAccess) {
        this.readAccess = readAccess;
    }

    /**
     * Adds {@code subscription}, or replaces the subscriber's existing one to the same filter.
     *
     * @return the replaced subscription, or {@code null} when it is new
     */
    public Subscription add(Subscription subscription) {
        String filter = subscription.filter();
        writeLock.lock();
        try {
            FilterNode node = nodeFor(Topics.matchingFilter(filter));
            Subscription replaced;
            if (Topics.isShared(filter)) {
                String name = Topics.shareGroup(filter);
                SharedGroup group = node.group(name);
                if (group == null) {
                    group = new SharedGroup(node, name, filter);
                    node.addGroup(group);
                }
                subscription.place(group);
                replaced = group.add(subscription);
            } else {
                subscription.place(node);
                replaced = node.add(subscription);
            }
            if (replaced == null) {
                count++;
            }
            return replaced;
        } finally {
            writeLock.unlock();
        }
    }

    /** The node of {@code filter}, made with its missing parents; under the lock. */
    private FilterNode nodeFor(String filter) {
        FilterNode node = root;
        int from = 0;
        while (true) {
            int end = Topics.levelEnd(filter, from);
            int hash = Levels.hash(filter, from, end);
            Object children = node.children;
            FilterNode child = Children.find(children, filter, from, end, hash);
            if (child == null) {
                child = new FilterNode(node, levels.level(filter, from, end, hash));
                node.children = Children.with(children, child);
            }
            node = child;
            if (end == filter.length()) {
                return node;
            }
            from = end + 1;
        }
    }

    /**
     * Removes {@code subscriber}'s subscription to {@code filter}.
     *
     * @return the removed subscription, or {@code null} when there was none
     */
    public Subscription remove(Subscriber subscriber, String filter) {
        writeLock.lock();
        try {
            FilterNode node = find(Topics.matchingFilter(filter));
            if (node == null) {
                return null;
            }
            Subscription found;
            if (Topics.isShared(filter)) {
                SharedGroup group = node.group(Topics.shareGroup(filter));
                found = group == null ? null : group.of(subscriber);
            } else {
                found = node.of(subscriber);
            }
            if (found != null) {
                removeLocked(found);
            }
            return found;
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes every subscription of {@code subscriptions} (one subscriber's, as its session ends). */
    public void removeAll(SubscriptionList subscriptions) {
        if (subscriptions.size() == 0) {
            return;
        }
        writeLock.lock();
        try {
            for (int i = 0; i < subscriptions.size(); i++) {
                removeLocked(subscriptions.get(i));
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void removeLocked(Subscription subscription) {
        Object place = subscription.place();
        FilterNode node;
        boolean removed;
        if (place instanceof SharedGroup group) {
            node = group.node;
            removed = group.remove(subscription);
            if (removed && group.isEmpty()) {
                node.removeGroup(group);
            }
        } else if (place instanceof FilterNode plain) {
            node = plain;
            removed = node.remove(subscription);
        } else {
            return;
        }
        if (removed) {
            count--;
            prune(node);
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
     *
     * <p>The walk keeps its branches on a stack of its own, reused per thread: a name's depth is the
     * publisher's choice, and matching runs for every PUBLISH, so it neither recurses nor allocates.
     */
    public void match(String name, MatchCollector collector) {
        Branches branches = BRANCHES.get();
        boolean hideFromWildcards = Topics.startsWithDollar(name);
        branches.push(root, 0);
        while (branches.size > 0) {
            int from = branches.topFrom();
            FilterNode node = branches.pop();
            Object children = node.children;
            // '$' topics are hidden from wildcards at the first level only [MQTT-4.7.2-1]
            boolean hide = hideFromWildcards && node == root;
            if (from > name.length()) {
                collect(node, name, collector);
                FilterNode multi = Children.findWildcard(children, Levels.MULTI);
                if (multi != null) {
                    // 'a/#' matches 'a' as well [MQTT-4.7.1-2]
                    collect(multi, name, collector);
                }
                continue;
            }
            if (children == null) {
                continue;
            }
            if (!hide) {
                FilterNode multi = Children.findWildcard(children, Levels.MULTI);
                if (multi != null) {
                    collect(multi, name, collector);
                }
            }
            int end = Topics.levelEnd(name, from);
            // past the end means "no level left", which differs from an empty last level ('a/')
            int next = end + 1;
            // pushed last, so visited first: the order the subscriptions are collected in stays
            // '#', then '+', then the literal level
            FilterNode literal = Children.find(children, name, from, end, Levels.hash(name, from, end));
            if (literal != null) {
                branches.push(literal, next);
            }
            if (!hide) {
                FilterNode single = Children.findWildcard(children, Levels.SINGLE);
                if (single != null) {
                    branches.push(single, next);
                }
            }
        }
    }

    private static final FastThreadLocal<Branches> BRANCHES = new FastThreadLocal<>() {
        @Override
        protected Branches initialValue() {
            return new Branches();
        }
    };

    /** The nodes a match still has to visit, with the offset in the name where each goes on. */
    private static final class Branches {
        FilterNode[] nodes = new FilterNode[16];
        int[] froms = new int[16];
        int size;

        void push(FilterNode node, int from) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, size * 2);
                froms = Arrays.copyOf(froms, size * 2);
            }
            nodes[size] = node;
            froms[size] = from;
            size++;
        }

        int topFrom() {
            return froms[size - 1];
        }

        FilterNode pop() {
            FilterNode node = nodes[--size];
            // a pruned node must not stay reachable from a thread's stack
            nodes[size] = null;
            return node;
        }
    }

    /**
     * Gives a message that a member of the shared subscription {@code sharedFilter} will not
     * deliver (its session ended) to another member that may read it, if there is one (MQTT 5.0
     * section 4.8.2).
     * Takes over one reference to {@code message}.
     *
     * @return whether another member took it
     */
    public boolean redeliverShared(String sharedFilter, Message message, int qos, Subscriber leaving) {
        FilterNode node = find(Topics.matchingFilter(sharedFilter));
        SharedGroup group = node == null ? null : node.group(Topics.shareGroup(sharedFilter));
        Subscription member = group == null ? null : group.next(leaving, message.topic(), readAccess);
        if (member == null) {
            message.release();
            return false;
        }
        int[] ids = member.subscriptionId() == 0 ? null : new int[] {member.subscriptionId()};
        member.subscriber().offer(message, Math.min(qos, member.qos()), false, ids, sharedFilter);
        return true;
    }

    private void collect(FilterNode node, String name, MatchCollector collector) {
        Object subscriptions = node.subscriptions;
        if (subscriptions instanceof Subscription one) {
            collector.add(one);
        } else if (subscriptions != null) {
            collector.addAll((Subscription[]) subscriptions);
        }
        SharedGroup[] groups = node.groups;
        if (groups != null) {
            for (SharedGroup group : groups) {
                Subscription chosen = group.next(null, name, readAccess);
                if (chosen != null) {
                    collector.addShared(chosen);
                }
            }
        }
    }

    private FilterNode find(String filter) {
        FilterNode node = root;
        int from = 0;
        while (node != null) {
            int end = Topics.levelEnd(filter, from);
            node = Children.find(node.children, filter, from, end, Levels.hash(filter, from, end));
            if (end == filter.length()) {
                return node;
            }
            from = end + 1;
        }
        return null;
    }

    private void prune(FilterNode node) {
        while (node != root && node.isEmpty()) {
            FilterNode parent = node.parent;
            parent.children = Children.without(parent.children, node);
            node = parent;
        }
    }

    /** How many nodes the tree has besides the root: for tests that check removal frees them. */
    int nodeCount() {
        writeLock.lock();
        try {
            int nodes = 0;
            ArrayDeque<FilterNode> pending = new ArrayDeque<>();
            pending.push(root);
            while (!pending.isEmpty()) {
                Children.forEach(pending.pop().children, pending::push);
                nodes++;
            }
            return nodes - 1;
        } finally {
            writeLock.unlock();
        }
    }
}
