package dev.fountain.broker.routing;

import dev.fountain.topic.Topics;
import java.util.ArrayDeque;
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
 *
 * <p>A {@link Journal} hears of each change under the same monitor, so two publishers racing for
 * one topic are journaled in the order their messages were stored, and a restart keeps the same
 * winner.
 */
public final class RetainedMessages {

    /** Where changes are recorded as they happen: the broker's store. */
    public interface Journal {
        Journal NONE = new Journal() {
        };

        /** {@code message} is its topic's retained message now. */
        default void retained(Message message) {
        }

        /** Its topic's retained message was deleted. */
        default void retainedDeleted(String topic) {
        }
    }

    private final Node root = new Node();
    private final AtomicInteger count = new AtomicInteger();
    private volatile Journal journal = Journal.NONE;

    private static final class Node {
        final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>(4);
        Message message;
    }

    /** Records every later change in {@code changes}; set once what was recovered is back in place. */
    public void journal(Journal changes) {
        this.journal = changes;
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
                // Nothing retained to delete; the reference this method took over goes all the same.
                message.release();
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
            if (!delete) {
                journal.retained(message);
            } else if (previous != null) {
                journal.retainedDeleted(topic);
            }
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
     *
     * <p>The walk keeps its own stack: a topic's depth is the publisher's choice, and a thread's
     * stack is no place for it.
     */
    public void forEachMatching(String filter, Consumer<Message> found) {
        // The filter's literal levels lead down one path: followed without a stack, so a filter
        // that starts with a topic nothing is retained under (most, on a SUBSCRIBE) costs a few
        // look-ups and nothing on the heap but a level string.
        Node node = root;
        int from = 0;
        while (true) {
            int end = Topics.levelEnd(filter, from);
            if (Topics.isMultiLevel(filter, from, end) || Topics.isSingleLevel(filter, from, end)) {
                break;
            }
            node = node.children.get(filter.substring(from, end));
            if (node == null) {
                return;
            }
            if (end == filter.length()) {
                emit(node, found);
                return;
            }
            from = end + 1;
        }
        ArrayDeque<Step> steps = new ArrayDeque<>();
        steps.push(new Step(node, from));
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            boolean firstLevel = step.node == root;
            int end = Topics.levelEnd(filter, step.from);
            boolean last = end == filter.length();
            if (Topics.isMultiLevel(filter, step.from, end)) {
                if (!firstLevel) {
                    emit(step.node, found);
                }
                emitSubtree(step.node, firstLevel, found);
            } else if (Topics.isSingleLevel(filter, step.from, end)) {
                step.node.children.forEach((level, child) -> {
                    if (!(firstLevel && level.startsWith("$"))) {
                        visit(child, end, last, steps, found);
                    }
                });
            } else {
                Node child = step.node.children.get(filter.substring(step.from, end));
                if (child != null) {
                    visit(child, end, last, steps, found);
                }
            }
        }
    }

    /** Where a walk goes on: {@code node}, matched against the filter's level at {@code from}. */
    private record Step(Node node, int from) {
    }

    private static void visit(Node child, int end, boolean last, ArrayDeque<Step> steps, Consumer<Message> found) {
        if (last) {
            emit(child, found);
        } else {
            steps.push(new Step(child, end + 1));
        }
    }

    private void emitSubtree(Node top, boolean firstLevel, Consumer<Message> found) {
        ArrayDeque<Node> nodes = new ArrayDeque<>();
        top.children.forEach((level, child) -> {
            if (!(firstLevel && level.startsWith("$"))) {
                nodes.push(child);
            }
        });
        while (!nodes.isEmpty()) {
            Node node = nodes.pop();
            emit(node, found);
            nodes.addAll(node.children.values());
        }
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
        ArrayDeque<Node> nodes = new ArrayDeque<>();
        nodes.push(root);
        while (!nodes.isEmpty()) {
            Node node = nodes.pop();
            synchronized (node) {
                if (node.message != null) {
                    node.message.release();
                    node.message = null;
                }
            }
            nodes.addAll(node.children.values());
            node.children.clear();
        }
        count.set(0);
    }
}
