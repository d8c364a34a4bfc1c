package dev.fountain.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Many filters over many clients, then a publisher whose messages each match exactly three of
 * them: the delivery rate with a large index, and with {@code --broker-pid} the resident memory
 * per subscription.
 *
 * <p>Client {@code c} of {@code C} holds three filters that match published topics, each reaching a
 * different topic {@code bench/m/<t>/v}: {@code bench/m/<c>/v}, {@code bench/m/<c+1>/+} and
 * {@code bench/m/<c+2>/#} (mod C). So topic {@code t} reaches clients t, t-1 and t-2, one copy each
 * whether or not the broker merges overlapping subscriptions. The client's other filters match
 * nothing published, one third each literal ({@code bench/l/c/j}), with a leading {@code +}
 * ({@code +/p/c/j}, which the broker walks for every message) and ending in {@code #}
 * ({@code bench/h/c/j/#}): the index is large, but the messages' cost should not grow with it.
 */
final class Subscriptions {

    private static final int MATCHING_PER_CLIENT = 3;

    private Subscriptions() {
    }

    static List<String> filters(int client, int clients, int perClient) {
        List<String> filters = new ArrayList<>(perClient);
        filters.add("bench/m/" + client + "/v");
        filters.add("bench/m/" + (client + 1) % clients + "/+");
        filters.add("bench/m/" + (client + 2) % clients + "/#");
        for (int j = MATCHING_PER_CLIENT; j < perClient; j++) {
            filters.add(switch (j % 3) {
                case 0 -> "bench/l/" + client + "/" + j;
                case 1 -> "+/p/" + client + "/" + j;
                default -> "bench/h/" + client + "/" + j + "/#";
            });
        }
        return filters;
    }

    /** Topic {@code t}'s stream and the three clients its messages reach. */
    static Stream stream(int topic, int clients) {
        return new Stream(topic, "bench/m/" + topic + "/v", new int[] {topic, Math.floorMod(topic - 1, clients),
                Math.floorMod(topic - 2, clients)});
    }

    /** Publisher {@code i}'s share of the topics: each stream has one publisher, or its order would mean nothing. */
    private static Stream[] ownStreams(Stream[] streams, int publisher, int publishers) {
        Stream[] own = new Stream[(streams.length - publisher + publishers - 1) / publishers];
        for (int j = 0; j < own.length; j++) {
            own[j] = streams[publisher + j * publishers];
        }
        return own;
    }

    static Result run(Options options, Clients clients) throws IOException, InterruptedException {
        int clientCount = options.subscribers(1000);
        int perClient = options.filters() / clientCount;
        if (clientCount < MATCHING_PER_CLIENT || perClient < MATCHING_PER_CLIENT) {
            throw new IllegalArgumentException("subscriptions needs at least 3 clients and 3 filters per client");
        }
        int total = perClient * clientCount;
        int qos = options.qos(0);
        Stream[] streams = new Stream[clientCount];
        for (int t = 0; t < clientCount; t++) {
            streams[t] = stream(t, clientCount);
        }
        Traffic traffic = new Traffic(clients, options, streams, clientCount, false);
        traffic.connectSubscribers();
        long before = Rss.settled(options.brokerPid(), options.settle());
        CpuUse subscribeCpu = new CpuUse(options.brokerPid());
        subscribeCpu.start();
        long start = System.nanoTime();
        traffic.subscribe(client -> filters(client, clientCount, perClient), qos);
        double subscribeSeconds = (System.nanoTime() - start) / 1e9;
        subscribeCpu.stop();
        long after = Rss.settled(options.brokerPid(), options.settle());
        int publishers = Math.min(options.publishers(1), clientCount);
        traffic.connectPublishers(publishers, i -> ownStreams(streams, i, publishers), qos,
                options.rate() / publishers);
        Result result = traffic.run("subscriptions");
        traffic.close();
        result.put("qos", qos).put("unit", "deliveries/s").put("filters", total).put("clients", clientCount)
                .put("subscribes_per_s", Math.round(total / subscribeSeconds));
        if (subscribeCpu.brokerCpuNanos() >= 0) {
            // What the subscriptions cost the broker, which the rate hides when the generator is the limit.
            result.put("broker_cpu_s_per_100k_subs", String.format(Locale.ROOT, "%.3f",
                    subscribeCpu.brokerCpuNanos() / 1e9 * 100_000 / total));
        }
        String memory = "";
        if (options.brokerPid() != 0) {
            double perSubscription = (after - before) * 1024.0 / total;
            result.put("rss_before_kib", before).put("rss_after_kib", after)
                    .put("rss_per_sub_b", Math.round(perSubscription));
            memory = String.format(Locale.ROOT, ", broker RSS %d -> %d KiB: %.0f B per subscription", before, after,
                    perSubscription);
        }
        return result.summary(String.format(Locale.ROOT, "subscriptions: %,d deliveries/s with %,d filters over %d "
                + "clients, each message to 3%s", (long) result.get("rate"), total, clientCount, memory));
    }
}
