package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Every client of a broker loses its connection at once and comes back at once, as after a network
 * outage or a load balancer's restart: how long until the broker serves all of them again, and what
 * it costs the broker.
 *
 * <p>{@code --connections} clients with persistent sessions (CleanSession 0, MQTT 3.1.1) connect
 * and each subscribes to its own topic {@code bench/storm/<i>} at QoS 1. Then their sockets are
 * closed without DISCONNECT and, once the broker has had {@code --settle} seconds to see them go,
 * all reconnect, {@code --concurrency} handshakes at a time. A client is back when its CONNACK says
 * Session Present 1; a broker that answers 0 has lost the session, so that client subscribes again
 * and is back at its SUBACK ({@code sessions_lost}). The storm is the time from the first reconnect
 * until the last client is back; the broker's CPU seconds are read over the same span.
 *
 * <p>Then one QoS 1 message goes to each of 100 clients' topics, spread over all of them: a
 * resumed session whose subscription does not work shows as {@code loss}.
 *
 * <p>The sessions stay in the broker after the run (compare.sh starts a fresh broker for each).
 */
final class ReconnectStorm implements MqttClient.Listener {

    private static final int SAMPLE = 100;
    private static final int QOS = 1;
    private static final byte[] CHECK_PAYLOAD = "storm-check".getBytes(StandardCharsets.US_ASCII);

    private final Options options;
    private final Clients clients;
    private final EventLoop loop;
    private final int count;
    private final long pid = ProcessHandle.current().pid();

    // Touched on the event loop only.
    private final boolean[] sampled;
    private final boolean[] received;
    private final LatencyHistogram resumeTimes = new LatencyHistogram();
    private long sessionsLost;
    private long receivedCount;
    private long duplicates;
    private long misrouted;
    private long acknowledged;
    private CompletableFuture<Void> checked;

    private ReconnectStorm(Options options, Clients clients) {
        this.options = options;
        this.clients = clients;
        this.loop = clients.loop();
        this.count = options.connections();
        this.sampled = new boolean[count];
        this.received = new boolean[count];
        for (int k = 0; k < Math.min(SAMPLE, count); k++) {
            sampled[(int) ((long) k * count / Math.min(SAMPLE, count))] = true;
        }
    }

    static Result run(Options options, Clients clients) throws IOException, InterruptedException {
        return new ReconnectStorm(options, clients).run();
    }

    private String clientId(int i) {
        return "bench-storm-" + i + "-" + pid;
    }

    private static String topic(int i) {
        return "bench/storm/" + i;
    }

    private Result run() throws IOException, InterruptedException {
        long setupDeadline = deadline(options.setupTimeout());
        List<MqttClient> first = clients.connectAll(count, this::clientId, i -> this, options.concurrency(),
                options.setupTimeout());
        List<CompletableFuture<?>> subacks = new ArrayList<>(count);
        onLoop(() -> first.forEach(c -> subacks.add(c.subscribe(List.of(topic(c.index())), QOS, 1))));
        Clients.await(CompletableFuture.allOf(subacks.toArray(CompletableFuture[]::new)), setupDeadline);

        drop(first);
        Thread.sleep(TimeUnit.SECONDS.toMillis(options.settle()));

        CpuUse cpu = new CpuUse(options.brokerPid());
        cpu.start();
        long start = System.nanoTime();
        List<MqttClient> again = reconnect();
        double seconds = (System.nanoTime() - start) / 1e9;
        cpu.stop();

        long unacked = check();

        long loss = onLoop(() -> Math.min(SAMPLE, count) - receivedCount);
        long lost = onLoop(() -> sessionsLost);
        long failed = onLoop(() -> again.stream().filter(c -> c.channel() == null || !c.channel().isActive())
                .count());
        onLoop(() -> again.forEach(MqttClient::close));
        Result result = new Result("reconnect-storm").put("clients", count).put("unit", "ms")
                .put("storm_ms", Math.round(seconds * 1000))
                .put("resumed_per_s", Math.round(count / seconds))
                .put("sessions_lost", lost)
                .put("resume_p50_ms", millis(onLoop(() -> resumeTimes.percentile(50))))
                .put("resume_p99_ms", millis(onLoop(() -> resumeTimes.percentile(99))))
                .put("sample", Math.min(SAMPLE, count));
        long brokerNanos = cpu.brokerCpuNanos();
        if (brokerNanos >= 0) {
            result.put("storm_broker_cpu_s", String.format(Locale.ROOT, "%.3f", brokerNanos / 1e9));
        }
        cpu.putInto(result);
        return result.correctness(loss, onLoop(() -> duplicates), 0, onLoop(() -> misrouted), unacked, failed)
                .summary(String.format(Locale.ROOT, "reconnect-storm: %,d persistent sessions back in %,.0f ms "
                        + "(%,.0f/s), %d lost their session%s; %d of %d checked subscriptions delivered", count,
                        seconds * 1000, count / seconds, lost, brokerNanos < 0 ? ""
                                : ", broker CPU " + result.get("storm_broker_cpu_s") + " s",
                        Math.min(SAMPLE, count) - loss, Math.min(SAMPLE, count)));
    }

    /** Closes every socket without DISCONNECT, and waits until this side has closed them all. */
    private void drop(List<MqttClient> connected) throws IOException, InterruptedException {
        CountDownLatch closed = new CountDownLatch(connected.size());
        onLoop(() -> connected.forEach(c -> {
            c.channel().closeFuture().addListener(f -> closed.countDown());
            c.drop();
        }));
        if (!closed.await(options.setupTimeout(), TimeUnit.SECONDS)) {
            throw new IOException("closing " + connected.size() + " connections took longer than "
                    + options.setupTimeout() + " s");
        }
    }

    /**
     * Every client connects again under its client identifier, at most {@code --concurrency}
     * handshakes under way; returns once each is back (or failed, counted as disconnected).
     */
    private List<MqttClient> reconnect() throws IOException, InterruptedException {
        long deadline = deadline(options.setupTimeout());
        Semaphore handshakes = new Semaphore(options.concurrency());
        List<MqttClient> again = new ArrayList<>(count);
        List<CompletableFuture<?>> back = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!handshakes.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IOException("reconnecting " + count + " clients took longer than "
                        + options.setupTimeout() + " s");
            }
            long connectStart = System.nanoTime();
            MqttClient client = clients.connect(i, clientId(i), this);
            CompletableFuture<Void> resumed = new CompletableFuture<>();
            Runnable isBack = () -> {
                resumeTimes.record(System.nanoTime() - connectStart);
                resumed.complete(null);
            };
            // On the event loop, which owns the counters, even if CONNACK came before this line.
            client.connected().whenCompleteAsync((ok, error) -> {
                handshakes.release();
                if (error != null || client.sessionPresent()) {
                    // A failed client is counted as disconnected at the end.
                    isBack.run();
                } else {
                    sessionsLost++;
                    client.subscribe(List.of(topic(client.index())), QOS, 1).whenComplete((done, failure) ->
                            isBack.run());
                }
            }, loop);
            back.add(resumed);
            again.add(client);
        }
        Clients.await(CompletableFuture.allOf(back.toArray(CompletableFuture[]::new)), deadline);
        return again;
    }

    /**
     * One QoS 1 message to each sampled client's topic from a clean publisher; waits until all
     * arrived and were acknowledged, or {@code --drain} seconds.
     *
     * @return how many of the publisher's messages the broker never acknowledged
     */
    private long check() throws IOException, InterruptedException {
        int samples = Math.min(SAMPLE, count);
        MqttClient publisher = clients.connect(count, "bench-storm-check-" + pid, this, true);
        Clients.await(publisher.connected(), deadline(options.setupTimeout()));
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            checked = done;
            ByteBuf out = publisher.pending();
            int packetId = 0;
            for (int i = 0; i < count; i++) {
                if (sampled[i]) {
                    Packets.publishHeader(out, topic(i).getBytes(StandardCharsets.UTF_8), QOS, ++packetId,
                            CHECK_PAYLOAD.length);
                    out.writeBytes(CHECK_PAYLOAD);
                }
            }
            publisher.flush();
        });
        try {
            Clients.await(done, deadline(options.drain()));
        } catch (IOException timedOut) {
            // What did not arrive in time is counted below.
        }
        long unacked = onLoop(() -> samples - acknowledged);
        onLoop(publisher::close);
        return unacked;
    }

    @Override
    public void published(MqttClient client, ByteBuf in, int topicIndex, int topicLength, int payloadIndex,
            int payloadLength) {
        int i = client.index();
        if (i >= count || !sampled[i] || !in.toString(topicIndex, topicLength, StandardCharsets.UTF_8)
                .equals(topic(i))) {
            misrouted++;
        } else if (received[i]) {
            duplicates++;
        } else {
            received[i] = true;
            receivedCount++;
            completeCheck();
        }
    }

    @Override
    public void acknowledged(MqttClient client, int packetId) {
        acknowledged++;
        completeCheck();
    }

    private void completeCheck() {
        int samples = Math.min(SAMPLE, count);
        if (checked != null && receivedCount == samples && acknowledged == samples) {
            checked.complete(null);
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static long deadline(long seconds) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    private void onLoop(Runnable task) throws InterruptedException, IOException {
        onLoop(() -> {
            task.run();
            return 0L;
        });
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws InterruptedException, IOException {
        io.netty.util.concurrent.Future<T> future = loop.submit(task);
        if (!future.await(options.setupTimeout(), TimeUnit.SECONDS)) {
            throw new IOException("the generator's event loop did not answer");
        }
        if (!future.isSuccess()) {
            throw new IOException(future.cause().getMessage(), future.cause());
        }
        return future.getNow();
    }
}
