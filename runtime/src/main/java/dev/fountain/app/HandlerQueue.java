package dev.fountain.app;

import dev.fountain.app.connector.Delivery;
import dev.fountain.app.connector.Receiver;
import dev.fountain.app.connector.Subscription;
import dev.fountain.app.metrics.AppMetrics;
import dev.fountain.app.metrics.RouteMeters;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages waiting for one handler, and the workers that run it. Messages on one topic run one
 * at a time in arrival order (one lane per topic hash), so one publisher's messages on a topic
 * reach the handler in order; different topics run in parallel.
 *
 * <p>At most {@code capacity} messages wait here. Past that the queue tells the broker it is not
 * ready, and the broker holds further messages in the handler's session, bounded by
 * {@code max_queued_messages}, dropping beyond it as for any slow subscriber: a slow handler costs
 * bounded memory, never blocks an event loop, and the log says when it falls behind and catches up.
 */
final class HandlerQueue implements Receiver {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerQueue.class);
    private static final int BATCH = 64;
    /**
     * A handler that only just keeps up falls behind and catches up thousands of times a second in a
     * burst; one line per episode would bury everything else in the log.
     */
    private static final long REPORT_INTERVAL_NANOS = 10_000_000_000L;

    private final BoundRoute route;
    private final RouteMeters meters;
    private final Lane[] lanes;
    private final int capacity;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean behind = new AtomicBoolean();
    private final AtomicInteger episodesSinceReport = new AtomicInteger();
    private volatile long lastReportNanos = System.nanoTime() - REPORT_INTERVAL_NANOS;
    private volatile boolean episodeReported;
    private volatile Subscription subscription;

    HandlerQueue(BoundRoute route, Executor workers, int laneCount, int capacity, AppMetrics metrics) {
        this.route = route;
        this.capacity = capacity;
        this.meters = metrics.route(route.name(), route.route().filter(), waiting::get);
        this.lanes = new Lane[laneCount];
        for (int i = 0; i < laneCount; i++) {
            lanes[i] = new Lane(workers);
        }
    }

    void connect(Subscription routeSubscription) {
        this.subscription = routeSubscription;
    }

    @Override
    public void receive(Delivery delivery) {
        waiting.incrementAndGet();
        lanes[Math.floorMod(delivery.topic().hashCode(), lanes.length)].add(delivery);
    }

    @Override
    public boolean ready() {
        int now = waiting.get();
        if (now < capacity) {
            return true;
        }
        if (behind.compareAndSet(false, true)) {
            int episodes = episodesSinceReport.incrementAndGet();
            long at = System.nanoTime();
            episodeReported = at - lastReportNanos >= REPORT_INTERVAL_NANOS;
            if (episodeReported) {
                lastReportNanos = at;
                episodesSinceReport.set(0);
                LOG.warn("Handler {} is slow: {} messages are waiting for it; the broker now queues its messages "
                        + "(up to max_queued_messages) and drops beyond that{}.", route.name(), now,
                        episodes > 1 ? " (behind " + episodes + " times since the last report)" : "");
            }
        }
        return false;
    }

    private void finished() {
        int now = waiting.decrementAndGet();
        if (behind.get() && now <= capacity / 2 && behind.compareAndSet(true, false)) {
            if (episodeReported) {
                LOG.info("Handler {} caught up: {} messages waiting.", route.name(), now);
            }
            Subscription current = subscription;
            if (current != null) {
                current.resume();
            }
        }
    }

    /** A serial queue: its deliveries run one after another on whichever worker is free. */
    private final class Lane implements Runnable {
        private final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final Executor workers;

        Lane(Executor workers) {
            this.workers = workers;
        }

        void add(Delivery delivery) {
            queue.add(delivery);
            if (scheduled.compareAndSet(false, true)) {
                try {
                    workers.execute(this);
                } catch (RejectedExecutionException stopping) {
                    // The application is stopping: nobody will handle these; free them.
                    discardAll();
                }
            }
        }

        private void discardAll() {
            Delivery left;
            while ((left = queue.poll()) != null) {
                left.done();
                finished();
            }
        }

        @Override
        public void run() {
            for (int i = 0; i < BATCH; i++) {
                Delivery delivery = queue.poll();
                if (delivery == null) {
                    break;
                }
                long start = System.nanoTime();
                try {
                    meters.record(route.handle(delivery), System.nanoTime() - start);
                } finally {
                    delivery.done();
                    finished();
                }
            }
            scheduled.set(false);
            // Another batch, or work that arrived after the last poll: run again, and yield the
            // worker in between so other lanes get their turn.
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                try {
                    workers.execute(this);
                } catch (RejectedExecutionException stopping) {
                    discardAll();
                }
            }
        }
    }
}
