package dev.fountain.bench.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Who waits for which sequence number to become durable, shared by both candidates so that neither
 * pays more for the hand-back than the other. Producers register from their threads; the one writer
 * thread advances. An action runs on the writer thread, or on the caller's when its sequence number
 * is durable already; it must be short (the broker's would post a PUBACK to the channel's loop).
 */
final class Durability {

    private record Waiter(long sequence, Runnable action) {
    }

    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>(Comparator.comparingLong(Waiter::sequence));
    /** Only the writer thread advances, so one list does. */
    private final List<Runnable> ready = new ArrayList<>();
    private long durable;
    private volatile long durableView;

    void whenDurable(long sequence, Runnable action) {
        if (sequence > durableView) {
            synchronized (this) {
                if (sequence > durable) {
                    waiting.add(new Waiter(sequence, action));
                    return;
                }
            }
        }
        action.run();
    }

    /** Everything up to {@code sequence} is durable now; runs the actions waiting for it, in order. */
    void advance(long sequence) {
        synchronized (this) {
            if (sequence <= durable) {
                return;
            }
            durable = sequence;
            durableView = sequence;
            while (!waiting.isEmpty() && waiting.peek().sequence() <= sequence) {
                ready.add(waiting.poll().action());
            }
        }
        for (Runnable action : ready) {
            action.run();
        }
        ready.clear();
    }

    long durable() {
        return durableView;
    }
}
