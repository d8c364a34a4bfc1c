package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A run of publishers and subscribers over a set of streams: warm-up, measurement window, drain,
 * then the counters. The event loop owns all state; the calling thread only starts the phases.
 */
final class Traffic implements MqttClient.Listener {

    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int FILTERS_PER_SUBSCRIBE = 100;

    private final Clients clients;
    private final EventLoop loop;
    private final Options options;
    private final Stream[] streams;
    private final SequenceTracker[][] trackers;
    private final LatencyHistogram histogram;
    private final LatencyHistogram sendLag;
    private final List<MqttClient> subscribers = new ArrayList<>();
    private final List<Publisher> publishers = new ArrayList<>();
    private final Runnable pump = this::pump;
    private final Runnable pace = this::pace;
    private ScheduledFuture<?> ticker;
    private boolean pumpScheduled;
    private boolean publishing;
    private boolean measuring;
    private long deliveries;
    private long misrouted;
    private long lastProgressNanos;
    private long windowStartNanos;
    private long windowStartDeliveries;
    private double windowRate;
    private long windowStartMillis;
    private long windowEndMillis;
    private long windowDeliveries;
    private final CpuUse cpu;

    /**
     * @param subscriberCount how many subscribers the streams name, by index
     * @param latency whether to record end-to-end latency in the measurement window, and how late
     *     the generator sent each message (its own share of that latency)
     */
    Traffic(Clients clients, Options options, Stream[] streams, int subscriberCount, boolean latency) {
        this.clients = clients;
        this.loop = clients.loop();
        this.options = options;
        this.cpu = new CpuUse(options.brokerPid());
        this.streams = streams.clone();
        this.histogram = latency ? new LatencyHistogram() : null;
        this.sendLag = latency ? new LatencyHistogram() : null;
        this.trackers = new SequenceTracker[subscriberCount][];
        for (Stream stream : streams) {
            for (int i = 0; i < stream.subscriberCount(); i++) {
                int subscriber = stream.subscriber(i);
                if (trackers[subscriber] == null) {
                    trackers[subscriber] = new SequenceTracker[streams.length];
                }
                trackers[subscriber][stream.id()] = stream.tracker(i);
            }
        }
    }

    /** Connects the subscribers, client index = subscriber index, without subscribing yet. */
    void connectSubscribers() throws IOException, InterruptedException {
        subscribers.addAll(clients.connectAll(trackers.length, i -> clientId("sub", i), i -> this,
                options.concurrency(), options.setupTimeout()));
    }

    void subscribe(IntFunction<List<String>> filters, int qos) throws IOException, InterruptedException {
        List<CompletableFuture<?>> subacks = new ArrayList<>();
        onLoop(() -> {
            for (MqttClient subscriber : subscribers) {
                subacks.add(subscriber.subscribe(filters.apply(subscriber.index()), qos, FILTERS_PER_SUBSCRIBE));
            }
        });
        Clients.await(CompletableFuture.allOf(subacks.toArray(CompletableFuture[]::new)),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(options.setupTimeout()));
    }

    void connectPublishers(int count, IntFunction<Stream[]> publisherStreams, int qos, double ratePerPublisher)
            throws IOException, InterruptedException {
        List<Publisher> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(new Publisher(this, publisherStreams.apply(i), qos, options.payload(), options.window(),
                    options.inflight(), ratePerPublisher));
        }
        List<MqttClient> connected = clients.connectAll(count, i -> clientId("pub", i), created::get,
                options.concurrency(), options.setupTimeout());
        for (int i = 0; i < count; i++) {
            created.get(i).attach(connected.get(i));
        }
        publishers.addAll(created);
    }

    private static String clientId(String role, int index) {
        return "bench-" + role + "-" + index + "-" + ProcessHandle.current().pid();
    }

    /**
     * Runs warm-up, measurement and drain; the result holds rates, counters and latencies.
     *
     * <p>Without a rate, the publishers run whenever the broker has answered, and a tick every
     * millisecond makes sure nothing waits for ever. At a fixed rate the publishers are pumped once
     * every turn of the event loop, which {@link Clients} then keeps polling instead of sleeping:
     * a timer there wakes up 50-150 us late, which would be measured as the broker's latency.
     */
    Result run(String scenario) throws IOException, InterruptedException {
        onLoop(() -> {
            long now = System.nanoTime();
            publishers.forEach(publisher -> publisher.start(now));
            publishing = true;
            lastProgressNanos = now;
            if (options.rate() > 0) {
                pace();
            } else {
                ticker = loop.scheduleAtFixedRate(pump, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
                pump();
            }
        });
        Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmup()));
        onLoop(() -> {
            measuring = true;
            windowStartNanos = System.nanoTime();
            windowStartDeliveries = deliveries;
            windowStartMillis = System.currentTimeMillis();
        });
        cpu.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(options.duration()));
        cpu.stop();
        onLoop(() -> {
            measuring = false;
            publishing = false;
            windowDeliveries = deliveries - windowStartDeliveries;
            windowRate = windowDeliveries * 1e9 / (System.nanoTime() - windowStartNanos);
            windowEndMillis = System.currentTimeMillis();
        });
        long drainStart = System.nanoTime();
        long drainDeadline = drainStart + TimeUnit.SECONDS.toNanos(options.drain());
        do {
            Thread.sleep(10);
        } while (!onLoop(() -> drained(System.nanoTime())) && System.nanoTime() < drainDeadline);
        long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
        return onLoop(() -> {
            if (ticker != null) {
                ticker.cancel(false);
            }
            return result(scenario, windowRate, drainMillis);
        });
    }

    private boolean drained(long now) {
        if (now - lastProgressNanos > QUIET_NANOS) {
            return true;
        }
        for (Publisher publisher : publishers) {
            if (!publisher.idle()) {
                return false;
            }
        }
        for (Stream stream : streams) {
            if (!stream.complete()) {
                return false;
            }
        }
        return true;
    }

    private Result result(String scenario, double rate, long drainMillis) {
        long sent = 0;
        long expected = 0;
        long loss = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        for (Stream stream : streams) {
            sent += stream.sent();
            expected += stream.sent() * stream.subscriberCount();
            for (int i = 0; i < stream.subscriberCount(); i++) {
                SequenceTracker tracker = stream.tracker(i);
                loss += tracker.missing(stream.sent());
                duplicates += tracker.duplicates();
                outOfOrder += tracker.outOfOrder();
            }
        }
        long unacked = publishers.stream().mapToLong(Publisher::inflight).sum();
        long disconnected = subscribers.stream().filter(c -> !c.channel().isActive()).count()
                + publishers.stream().filter(p -> !p.client().channel().isActive()).count();
        Result result = new Result(scenario).put("rate", Math.round(rate)).put("sent", sent).put("expected", expected)
                .put("delivered", deliveries).put("drain_ms", drainMillis)
                // wall-clock bounds of the measurement window, to place what a script saw beside it
                // (bench/persistence.sh counts the store's snapshots written inside it)
                .put("window_start_ms", windowStartMillis).put("window_end_ms", windowEndMillis)
                .correctness(loss, duplicates, outOfOrder, misrouted, unacked, disconnected);
        cpu.putInto(result);
        long brokerNanos = cpu.brokerCpuNanos();
        if (brokerNanos >= 0 && windowDeliveries > 0) {
            // What a delivery costs the broker: unlike the rate, it does not move when the generator,
            // another process or the hypervisor takes the broker's core for a while.
            result.put("broker_ns_per_msg", brokerNanos / windowDeliveries);
        }
        if (histogram != null) {
            result.put("p50_us", micros(histogram.percentile(50))).put("p99_us", micros(histogram.percentile(99)))
                    .put("p999_us", micros(histogram.percentile(99.9))).put("max_us", micros(histogram.max()))
                    .put("mean_us", micros((long) histogram.mean()))
                    .put("samples", histogram.count()).put("send_lag_p50_us", micros(sendLag.percentile(50)))
                    .put("send_lag_p99_us", micros(sendLag.percentile(99)));
        }
        return result;
    }

    private static String micros(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    /** Closes every connection with a DISCONNECT. */
    void close() throws IOException, InterruptedException {
        onLoop(() -> {
            subscribers.forEach(MqttClient::close);
            publishers.forEach(publisher -> publisher.client().close());
        });
    }

    @Override
    public void published(MqttClient client, ByteBuf in, int topicIndex, int topicLength, int payloadIndex,
            int payloadLength) {
        int stream = payloadLength >= Payload.HEADER ? Payload.stream(in, payloadIndex) : -1;
        if (stream >= 0 && stream < streams.length && !streams[stream].topicIs(in, topicIndex, topicLength)) {
            stream = -1;
        }
        if (received(client.index(), stream, stream < 0 ? 0 : Payload.sequence(in, payloadIndex))
                && measuring && histogram != null) {
            histogram.record(System.nanoTime() - Payload.nanos(in, payloadIndex));
        }
    }

    /**
     * One message of {@code stream} (-1: of none, or on another topic than the stream's) that
     * {@code subscriber} received: the generator's own subscribers, and receivers outside it that
     * hand their messages to the event loop ({@link HandlerInbox}). Call on the event loop.
     *
     * @return whether it was a message this subscriber should get
     */
    boolean received(int subscriber, int stream, long sequence) {
        SequenceTracker[] mine = trackers[subscriber];
        if (mine == null || stream < 0 || stream >= streams.length || mine[stream] == null) {
            misrouted++;
            return false;
        }
        mine[stream].record(sequence);
        deliveries++;
        return true;
    }

    @Override
    public void progress(MqttClient client) {
        progressed();
        pumpSoon();
    }

    void progressed() {
        lastProgressNanos = System.nanoTime();
    }

    /** Pumps the publishers once the event loop has handled the reads now pending. */
    void pumpSoon() {
        if (!pumpScheduled) {
            pumpScheduled = true;
            loop.execute(pump);
        }
    }

    /**
     * Pumps, and again on the event loop's next turn while publishing: a task scheduled now runs
     * after the loop has polled its sockets, where one executed now would run before it.
     */
    private void pace() {
        pump();
        if (publishing) {
            loop.schedule(pace, 0, TimeUnit.NANOSECONDS);
        }
    }

    private void pump() {
        pumpScheduled = false;
        long now = System.nanoTime();
        boolean more = false;
        for (Publisher publisher : publishers) {
            more |= publisher.pump(now, publishing, measuring ? sendLag : null);
        }
        if (more) {
            pumpSoon();
        }
    }

    private void onLoop(Runnable task) throws IOException, InterruptedException {
        onLoop(() -> {
            task.run();
            return null;
        });
    }

    /** Runs {@code task} on the event loop, which owns all state, and waits for its result. */
    private <T> T onLoop(Callable<T> task) throws IOException, InterruptedException {
        try {
            return loop.submit(task).get();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }
}
