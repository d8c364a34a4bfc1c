package dev.fountain.bench;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.MatchCollector;
import dev.fountain.broker.routing.Subscriber;
import dev.fountain.broker.routing.Subscription;
import dev.fountain.broker.routing.SubscriptionIndex;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Topic matching in the broker's {@link SubscriptionIndex}, with the filter mix of the load
 * generator's subscriptions scenario (100 filters per client: a third literal, a third with a
 * leading {@code +}, a third ending in {@code #}, three of each client's reaching published
 * topics). A match should cost the same at 1k, 100k and 1M subscriptions: it walks only the
 * branches that can match.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class SubscriptionIndexBenchmark {

    private static final int FILTERS_PER_CLIENT = 100;
    private static final int TOPICS = 1024;

    @Param({"1000", "100000", "1000000"})
    public int subscriptions;

    private final SubscriptionIndex index = new SubscriptionIndex();
    private final MatchCollector collector = new MatchCollector();
    private final String[] matching = new String[TOPICS];
    private final String[] missing = new String[TOPICS];
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        int clients = subscriptions / FILTERS_PER_CLIENT;
        for (int c = 0; c < clients; c++) {
            Subscriber subscriber = new NoSubscriber("client-" + c);
            for (String filter : Subscriptions.filters(c, clients, FILTERS_PER_CLIENT)) {
                index.add(new Subscription(subscriber, filter, 1));
            }
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < TOPICS; i++) {
            int client = random.nextInt(clients);
            matching[i] = Subscriptions.stream(client, clients).topic();
            missing[i] = "bench/l/" + client + "/none";
        }
    }

    /** A topic three subscriptions of three clients match: {@code bench/m/<t>/v}. */
    @Benchmark
    public int matchThree() {
        return match(matching[next++ & TOPICS - 1]);
    }

    /** A topic that walks the literal branch of one client and the root {@code +}, matching nothing. */
    @Benchmark
    public int matchNone() {
        return match(missing[next++ & TOPICS - 1]);
    }

    private int match(String topic) {
        index.match(topic, collector);
        int found = collector.size();
        collector.clear();
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
