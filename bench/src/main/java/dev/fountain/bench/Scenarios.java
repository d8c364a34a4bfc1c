package dev.fountain.bench;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The message-rate scenarios of issue 7: who publishes which streams to whom. Each builds its
 * streams, connects subscribers then publishers, and hands the rest to {@link Traffic}.
 */
final class Scenarios {

    private Scenarios() {
    }

    /** N publishers, each on its own topic {@code bench/<i>}, to one subscriber on {@code bench/#}. */
    static Result fanIn(Options options, Clients clients) throws IOException, InterruptedException {
        int publishers = options.publishers(8);
        int qos = options.qos(0);
        Stream[] streams = new Stream[publishers];
        for (int i = 0; i < publishers; i++) {
            streams[i] = new Stream(i, "bench/" + i, new int[] {0});
        }
        Result result = run(options, clients, streams, 1, List.of("bench/#"), qos, false).put("qos", qos)
                .put("unit", "msg/s").put("publishers", publishers);
        return result.summary(String.format(Locale.ROOT, "fan-in qos %d: %,d msg/s (%d publishers -> 1 subscriber)",
                qos, (long) result.get("rate"), publishers));
    }

    /** One publisher to M subscribers of the same topic; the rate counts deliveries. */
    static Result fanOut(Options options, Clients clients) throws IOException, InterruptedException {
        int subscribers = options.subscribers(100);
        int qos = options.qos(0);
        Stream[] streams = {new Stream(0, "bench/fan-out", everyone(subscribers))};
        Result result = run(options, clients, streams, subscribers, List.of("bench/fan-out"), qos, false)
                .put("qos", qos).put("unit", "deliveries/s").put("subscribers", subscribers);
        return result.summary(String.format(Locale.ROOT, "fan-out qos %d: %,d deliveries/s (1 publisher -> %d "
                + "subscribers)", qos, (long) result.get("rate"), subscribers));
    }

    /** One publisher to one subscriber at a fixed rate, QoS 1 by default: end-to-end latency. */
    static Result latency(Options options, Clients clients) throws IOException, InterruptedException {
        int qos = options.qos(1);
        Stream[] streams = {new Stream(0, "bench/latency", new int[] {0})};
        Result result = run(options, clients, streams, 1, List.of("bench/latency"), qos, true).put("qos", qos)
                .put("unit", "msg/s").put("target_rate", Math.round(options.rate()));
        return result.summary(String.format(Locale.ROOT, "latency qos %d at %,d msg/s: p50 %s us, p99 %s us, "
                + "p99.9 %s us, max %s us (%d samples)", qos, (long) result.get("rate"), result.get("p50_us"),
                result.get("p99_us"), result.get("p999_us"), result.get("max_us"), result.get("samples")));
    }

    static int[] everyone(int count) {
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        return all;
    }

    private static Result run(Options options, Clients clients, Stream[] streams, int subscribers,
            List<String> filters, int qos, boolean latency) throws IOException, InterruptedException {
        Traffic traffic = new Traffic(clients, options, streams, subscribers, latency);
        traffic.connectSubscribers();
        traffic.subscribe(i -> filters, qos);
        traffic.connectPublishers(streams.length, i -> new Stream[] {streams[i]}, qos, options.rate() / streams.length);
        Result result = traffic.run(options.scenario());
        traffic.close();
        return result;
    }
}
