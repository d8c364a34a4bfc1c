package dev.fountain.broker.routing;

import dev.fountain.topic.Topics;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

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
 *
 * <p>A shared subscription {@code $share/<group>/<filter>} (MQTT 5.0 section 4.8.2, also accepted
 * from MQTT 3.1.1 clients as Mosquitto does) is stored at its filter's node in a group; each
 * matching message goes to one member of the group, in turn.
 */
public final class SubscriptionIndex {

    private static final Subscription[] NONE = new Subscription[0];
    private static final SharedGroup[] NO_GROUPS = new SharedGroup[0];

    private final Node root = new Node(null, "");
    private final ReentrantLock writeLock = new ReentrantLock();
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

    private static final class Node {
        final Node parent;
        final String level;
        final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>(4);
        volatile Subscription[] subscriptions = NONE;
        volatile SharedGroup[] groups = NO_GROUPS;

        Node(Node parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        boolean isEmpty() {
            return subscriptions.length == 0 && groups.length == 0 && children.isEmpty();
        }
    }

    /**
     * The members of one shared subscription {@code $share/<name>/<filter>}: each message goes to
     * one of them, in turn (round robin), so a group of equal workers shares the load evenly.
     */
    private static final class SharedGroup {
        final String name;
        volatile Subscription[] members = NONE;
        final AtomicInteger turn = new AtomicInteger();

        SharedGroup(String name) {
            this.name = name;
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
            String filter = Topics.matchingFilter(subscription.filter());
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
            if (Topics.isShared(subscription.filter())) {
                SharedGroup group = group(node, Topics.shareGroup(subscription.filter()), true);
                return addTo(group.members, subscription, members -> group.members = members);
            }
            Node target = node;
            return addTo(node.subscriptions, subscription, subscriptions -> target.subscriptions = subscriptions);
        } finally {
            writeLock.unlock();
        }
    }

    private Subscription addTo(Subscription[] current, Subscription subscription, Consumer<Subscription[]> replace) {
        for (int i = 0; i < current.length; i++) {
            if (current[i].subscriber() == subscription.subscriber()) {
                Subscription[] next = current.clone();
                next[i] = subscription;
                replace.accept(next);
                return current[i];
            }
        }
        Subscription[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = subscription;
        replace.accept(next);
        count++;
        return null;
    }

    private static SharedGroup group(Node node, String name, boolean create) {
        for (SharedGroup group : node.groups) {
            if (group.name.equals(name)) {
                return group;
            }
        }
        if (!create) {
            return null;
        }
        SharedGroup group = new SharedGroup(name);
        SharedGroup[] next = Arrays.copyOf(node.groups, node.groups.length + 1);
        next[node.groups.length] = group;
        node.groups = next;
        return group;
    }

    /**
     * Removes {@code subscriber}'s subscription to {@code filter}.
     *
     * @return whether there was one
     */
    public boolean remove(Subscriber subscriber, String filter) {
        writeLock.lock();
        try {
            Node node = find(Topics.matchingFilter(filter));
            if (node == null) {
                return false;
            }
            boolean removed;
            if (Topics.isShared(filter)) {
                SharedGroup group = group(node, Topics.shareGroup(filter), false);
                removed = group != null && removeFrom(group.members, subscriber, members -> group.members = members);
                if (group != null && group.members.length == 0) {
                    node.groups = Arrays.stream(node.groups).filter(g -> g != group).toArray(SharedGroup[]::new);
                }
            } else {
                removed = removeFrom(node.subscriptions, subscriber, subscriptions -> node.subscriptions = subscriptions);
            }
            if (removed) {
                count--;
                prune(node);
            }
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    private static boolean removeFrom(Subscription[] current, Subscriber subscriber, Consumer<Subscription[]> replace) {
        for (int i = 0; i < current.length; i++) {
            if (current[i].subscriber() == subscriber) {
                Subscription[] next = new Subscription[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                replace.accept(next.length == 0 ? NONE : next);
                return true;
            }
        }
        return false;
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
            Node node = branches.pop();
            // '$' topics are hidden from wildcards at the first level only [MQTT-4.7.2-1]
            boolean hide = hideFromWildcards && node == root;
            if (from > name.length()) {
                collect(node, name, collector);
                Node multi = node.children.get("#");
                if (multi != null) {
                    // 'a/#' matches 'a' as well [MQTT-4.7.1-2]
                    collect(multi, name, collector);
                }
                continue;
            }
            if (!hide) {
                Node multi = node.children.get("#");
                if (multi != null) {
                    collect(multi, name, collector);
                }
            }
            int end = Topics.levelEnd(name, from);
            // past the end means "no level left", which differs from an empty last level ('a/')
            int next = end + 1;
            // pushed last, so visited first: the order the subscriptions are collected in stays
            // '#', then '+', then the literal level
            Node literal = node.children.get(name.substring(from, end));
            if (literal != null) {
                branches.push(literal, next);
            }
            if (!hide) {
                Node single = node.children.get("+");
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
        Node[] nodes = new Node[16];
        int[] froms = new int[16];
        int size;

        void push(Node node, int from) {
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

        Node pop() {
            Node node = nodes[--size];
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
        Node node = find(Topics.matchingFilter(sharedFilter));
        SharedGroup group = node == null ? null : group(node, Topics.shareGroup(sharedFilter), false);
        Subscription member = group == null ? null : group.next(leaving, message.topic(), readAccess);
        if (member == null) {
            message.release();
            return false;
        }
        int[] ids = member.subscriptionId() == 0 ? null : new int[] {member.subscriptionId()};
        member.subscriber().offer(message, Math.min(qos, member.qos()), false, ids, sharedFilter);
        return true;
    }

    private void collect(Node node, String name, MatchCollector collector) {
        collector.addAll(node.subscriptions);
        for (SharedGroup group : node.groups) {
            Subscription chosen = group.next(null, name, readAccess);
            if (chosen != null) {
                collector.addShared(chosen);
            }
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
