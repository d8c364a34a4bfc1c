package dev.fountain.bench;

import dev.fountain.broker.routing.MatchCollector;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.Subscriber;
import dev.fountain.broker.routing.Subscription;
import dev.fountain.broker.routing.SubscriptionIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The subscription index's one writer lock (issue 17, the multi-core analysis in
 * docs/ARCHITECTURE.md): SUBSCRIBE and UNSUBSCRIBE from one and from two threads at once, alone and
 * while other threads match PUBLISH topics, over 100,000 subscriptions in the subscriptions
 * scenario's mix.
 *
 * <p>A writer's operation is one subscription added and removed again (two writes under the lock),
 * by a subscriber of its own, to a filter another client already holds: the node exists, so the
 * write copies its array of subscriptions, as a client resubscribing after a reconnect does. Half of
 * the filters are ones the readers' topics match ({@code bench/m/<c>/v} and its {@code +} and
 * {@code #} siblings), so readers walk the very nodes the writers replace arrays in. A reader's
 * operation is one match of a topic that reaches three subscriptions, as in
 * {@link SubscriptionIndexBenchmark#matchThree}.
 *
 * <p>Groups: {@code writer} (1 thread) and {@code writers} (2) alone show what the lock does to
 * two writers; {@code readers} (2) alone is the match rate without writes; {@code writerAndReaders}
 * and {@code writersAndReaders} run 1 or 2 writers beside 2 readers. On a machine with fewer cores
 * than threads the mixed groups time-share the cores, so their rates show the cost of the writers'
 * cache traffic and lock hand-offs only together with the scheduler's, and on a shared machine
 * other processes take a varying share too.
 *
 * <p>So every thread also counts what it spent on the processor ({@code writerCpuNs} over
 * {@code writerOps}, {@code readerCpuNs} over {@code readerOps}: its thread CPU time, sampled every
 * 1,024 operations): CPU time per operation does not grow when the thread waits for a core, but it
 * does when the operation waits for cache lines another core wrote, or spins for the lock. A
 * thread parked on the lock uses no CPU; that shows in the rate instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SubscriptionIndexWritersBenchmark {

    private static final int SUBSCRIPTIONS = 100_000;
    private static final int FILTERS_PER_CLIENT = 100;
    private static final int CLIENTS = SUBSCRIPTIONS / FILTERS_PER_CLIENT;
    private static final int TOPICS = 1024;
    private static final int WRITER_FILTERS = 1024;

    private final SubscriptionIndex index = new SubscriptionIndex();
    private final String[] topics = new String[TOPICS];
    private final String[] writerFilters = new String[WRITER_FILTERS];
    private final AtomicInteger writersMade = new AtomicInteger();

    @Setup(Level.Trial)
    public void fill() {
        for (int c = 0; c < CLIENTS; c++) {
            Subscriber subscriber = new NoSubscriber("client-" + c);
            for (String filter : Subscriptions.filters(c, CLIENTS, FILTERS_PER_CLIENT)) {
                index.add(new Subscription(subscriber, filter, 1));
            }
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < TOPICS; i++) {
            topics[i] = Subscriptions.stream(random.nextInt(CLIENTS), CLIENTS).topic();
        }
        for (int i = 0; i < WRITER_FILTERS; i++) {
            List<String> filters = Subscriptions.filters(random.nextInt(CLIENTS), CLIENTS, FILTERS_PER_CLIENT);
            // even: one of the three the readers' topics match; odd: one that nothing published matches
            writerFilters[i] = filters.get(i % 2 == 0 ? i / 2 % 3 : 3 + random.nextInt(FILTERS_PER_CLIENT - 3));
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int CPU_SAMPLE = 1024;

    /**
     * One writer thread's subscriber, so that two writers never replace each other's subscriptions;
     * its public fields are JMH's counters, summed over the writer threads.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Writer {
        public long writerOps;
        public long writerCpuNs;
        Subscriber subscriber;
        int next;
        long done;
        long cpuStart;

        @Setup(Level.Trial)
        public void create(SubscriptionIndexWritersBenchmark benchmark) {
            subscriber = new NoSubscriber("writer-" + benchmark.writersMade.incrementAndGet());
        }

        @Setup(Level.Iteration)
        public void startCounting() {
            writerOps = 0;
            writerCpuNs = 0;
            done = 0;
            cpuStart = THREADS.getCurrentThreadCpuTime();
        }

        void count() {
            if (++done % CPU_SAMPLE == 0) {
                writerOps = done;
                writerCpuNs = THREADS.getCurrentThreadCpuTime() - cpuStart;
            }
        }
    }

    /** One reader thread's collector, as each event loop has its own; counters as the writer's. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Reader {
        public long readerOps;
        public long readerCpuNs;
        final MatchCollector collector = new MatchCollector();
        int next;
        long done;
        long cpuStart;

        @Setup(Level.Iteration)
        public void startCounting() {
            readerOps = 0;
            readerCpuNs = 0;
            done = 0;
            cpuStart = THREADS.getCurrentThreadCpuTime();
        }

        void count() {
            if (++done % CPU_SAMPLE == 0) {
                readerOps = done;
                readerCpuNs = THREADS.getCurrentThreadCpuTime() - cpuStart;
            }
        }
    }

    @Benchmark
    @Group("writer")
    @GroupThreads(1)
    public boolean writerAlone(Writer writer) {
        return subscribeAndUnsubscribe(writer);
    }

    @Benchmark
    @Group("writers")
    @GroupThreads(2)
    public boolean writersAlone(Writer writer) {
        return subscribeAndUnsubscribe(writer);
    }

    @Benchmark
    @Group("readers")
    @GroupThreads(2)
    public int readersAlone(Reader reader) {
        return match(reader);
    }

    @Benchmark
    @Group("writerAndReaders")
    @GroupThreads(1)
    public boolean oneWriter(Writer writer) {
        return subscribeAndUnsubscribe(writer);
    }

    @Benchmark
    @Group("writerAndReaders")
    @GroupThreads(2)
    public int besideOneWriter(Reader reader) {
        return match(reader);
    }

    @Benchmark
    @Group("writersAndReaders")
    @GroupThreads(2)
    public boolean twoWriters(Writer writer) {
        return subscribeAndUnsubscribe(writer);
    }

    @Benchmark
    @Group("writersAndReaders")
    @GroupThreads(2)
    public int besideTwoWriters(Reader reader) {
        return match(reader);
    }

    private boolean subscribeAndUnsubscribe(Writer writer) {
        String filter = writerFilters[writer.next++ & WRITER_FILTERS - 1];
        index.add(new Subscription(writer.subscriber, filter, 1));
        boolean removed = index.remove(writer.subscriber, filter) != null;
        writer.count();
        return removed;
    }

    private int match(Reader reader) {
        index.match(topics[reader.next++ & TOPICS - 1], reader.collector);
        int found = reader.collector.size();
        reader.collector.clear();
        reader.count();
        return found;
    }

    private record NoSubscriber(String clientId) implements Subscriber {
        @Override
        public String username() {
            return null;
        }

        @Override
        public void offer(Message message, int qos, boolean retain, int[] subscriptionIds, String sharedFilter) {
            message.release();
        }
    }
}
