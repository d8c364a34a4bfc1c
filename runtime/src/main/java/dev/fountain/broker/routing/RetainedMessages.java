package dev.fountain.broker.routing;

import dev.fountain.topic.Topics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The last retained message of every topic, as a tree of topic levels so that a new subscription
 * finds its retained messages by walking its filter, not by testing every stored topic.
 *
 * <p>Any event loop may store, delete or look up at once. A node's message is swapped under that
 * node's monitor, and a reader takes its own reference under the same monitor, so a message is
 * never freed between a reader finding it and retaining it.
 */
public final class RetainedMessages {

    private final Node root = new Node();
    private final AtomicInteger count = new AtomicInteger();

    private static final class Node {
        final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>(4);
        Message message;
    }

    /**
     * Makes {@code message} the retained message of its topic, or, when its payload is empty,
     * deletes the topic's retained message [MQTT-3.3.1-10], [MQTT-3.3.1-11]. Takes over one
     * reference to {@code message} when it is stored.
     */
    public void put(Message message) {
        String topic = message.topic();
        boolean delete = message.payloadSize() == 0;
        Node node = root;
        int from = 0;
        while (true) {
            int end = Topics.levelEnd(topic, from);
            String level = topic.substring(from, end);
            node = delete ? node.children.get(level) : node.children.computeIfAbsent(level, l -> new Node());
            if (node == null) {
                return;
            }
            if (end == topic.length()) {
                break;
            }
            from = end + 1;
        }
        Message previous;
        synchronized (node) {
            previous = node.message;
            node.message = delete ? null : message;
        }
        if (delete) {
            message.release();
        }
        if (previous != null) {
            previous.release();
        }
        if (previous == null && !delete) {
            count.incrementAndGet();
        } else if (previous != null && delete) {
            count.decrementAndGet();
        }
    }

    /** How many topics have a retained message. */
    public int size() {
        return count.get();
    }

    /**
     * Calls {@code found} with a new reference to every retained message whose topic {@code filter}
     * matches; the callee owns (and must release) each.
     */
    public void forEachMatching(String filter, Consumer<Message> found) {
        walk(root, filter, 0, true, found);
    }

    private void walk(Node node, String filter, int from, boolean firstLevel, Consumer<Message> found) {
        int end = Topics.levelEnd(filter, from);
        boolean last = end == filter.length();
        if (Topics.isMultiLevel(filter, from, end)) {
            if (!firstLevel) {
                emit(node, found);
            }
            emitSubtree(node, firstLevel, found);
            return;
        }
        if (Topics.isSingleLevel(filter, from, end)) {
            node.children.forEach((level, child) -> {
                if (!(firstLevel && level.startsWith("$"))) {
                    visit(child, filter, end, last, found);
                }
            });
            return;
        }
        Node child = node.children.get(filter.substring(from, end));
        if (child != null) {
            visit(child, filter, end, last, found);
        }
    }

    private void visit(Node child, String filter, int end, boolean last, Consumer<Message> found) {
        if (last) {
            emit(child, found);
        } else {
            walk(child, filter, end + 1, false, found);
        }
    }

    private void emitSubtree(Node node, boolean firstLevel, Consumer<Message> found) {
        node.children.forEach((level, child) -> {
            if (!(firstLevel && level.startsWith("$"))) {
                emit(child, found);
                emitSubtree(child, false, found);
            }
        });
    }

    private static void emit(Node node, Consumer<Message> found) {
        Message message;
        synchronized (node) {
            message = node.message;
            if (message != null) {
                message.retain();
            }
        }
        if (message != null) {
            found.accept(message);
        }
    }

    /** Drops every retained message, for shutdown. */
    public void clear() {
        clear(root);
        count.set(0);
    }

    private static void clear(Node node) {
        synchronized (node) {
            if (node.message != null) {
                node.message.release();
                node.message = null;
            }
        }
        node.children.values().forEach(RetainedMessages::clear);
        node.children.clear();
    }
}
