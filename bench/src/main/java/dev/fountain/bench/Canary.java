package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A well-behaved QoS 1 publisher and subscriber pair that runs through a broker while something
 * else attacks it: numbered messages on {@code $canary/seq}, so that loss, duplicates and
 * reordering show. A topic starting with {@code $} matches no wildcard filter [MQTT-4.7.2-1], so
 * the attackers' {@code #} subscriptions do not pile the canary's messages up in their sessions.
 * Both clients live on one event loop thread; nothing here needs a lock.
 */
public final class Canary implements AutoCloseable {

    private static final String TOPIC = "$canary/seq";
    private static final byte[] TOPIC_BYTES = TOPIC.getBytes(StandardCharsets.UTF_8);
    private static final int PAYLOAD = 32;
    private static final int MAX_INFLIGHT = 16;
    private static final long TICK_MILLIS = 10;

    /** What the canary saw; all zero but {@code sent} and {@code received} on a correct broker. */
    public record Report(long sent, long received, long lost, long duplicates, long outOfOrder, long unacked,
            boolean disconnected) {

        public boolean correct() {
            return lost == 0 && duplicates == 0 && outOfOrder == 0 && unacked == 0 && !disconnected;
        }
    }

    private final Clients clients;
    private final SequenceTracker tracker = new SequenceTracker();
    private final boolean[] inUse = new boolean[65536];
    private final int perTick;
    private MqttClient publisher;
    private MqttClient subscriber;
    private ScheduledFuture<?> ticks;
    private int inflight;
    private int lastPacketId;
    private long sent;
    private volatile boolean disconnected;

    private Canary(String host, int port, int ratePerSecond) {
        this.clients = new Clients(host, port, false, "tcp");
        this.perTick = Math.max(1, (int) (ratePerSecond * TICK_MILLIS / 1000));
    }

    /** Connects both clients and starts publishing {@code ratePerSecond} messages a second. */
    public static Canary start(String host, int port, int ratePerSecond) throws IOException, InterruptedException {
        Canary canary = new Canary(host, port, ratePerSecond);
        canary.connect();
        return canary;
    }

    private void connect() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        subscriber = clients.connect(0, "canary-sub", new MqttClient.Listener() {
            @Override
            public void published(MqttClient client, ByteBuf in, int topicIndex, int topicLength, int payloadIndex,
                    int payloadLength) {
                tracker.record(Payload.sequence(in, payloadIndex));
            }
        });
        Clients.await(subscriber.connected(), deadline);
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        clients.loop().execute(() -> subscriber.subscribe(List.of(TOPIC), 1, 1).whenComplete((ok, error) -> {
            if (error != null) {
                subscribed.completeExceptionally(error);
            } else {
                subscribed.complete(null);
            }
        }));
        Clients.await(subscribed, deadline);
        publisher = clients.connect(1, "canary-pub", new MqttClient.Listener() {
            @Override
            public void acknowledged(MqttClient client, int packetId) {
                if (inUse[packetId]) {
                    inUse[packetId] = false;
                    inflight--;
                }
            }
        });
        Clients.await(publisher.connected(), deadline);
        subscriber.channel().closeFuture().addListener(closed -> disconnected = true);
        publisher.channel().closeFuture().addListener(closed -> disconnected = true);
        ticks = clients.loop().scheduleAtFixedRate(this::publish, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void publish() {
        if (!publisher.channel().isActive()) {
            return;
        }
        for (int i = 0; i < perTick && inflight < MAX_INFLIGHT; i++) {
            do {
                lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
            } while (inUse[lastPacketId]);
            inUse[lastPacketId] = true;
            inflight++;
            Packets.publishHeader(publisher.pending(), TOPIC_BYTES, 1, lastPacketId, PAYLOAD);
            Payload.write(publisher.pending(), 0, sent++, System.nanoTime(), PAYLOAD);
        }
        publisher.flush();
    }

    /**
     * Stops publishing and waits up to {@code drainSeconds} for the last messages to arrive and be
     * acknowledged, then counts.
     */
    public Report stop(long drainSeconds) throws InterruptedException {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        clients.loop().execute(() -> {
            ticks.cancel(false);
            stopped.complete(null);
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        try {
            Clients.await(stopped, deadline);
            while (System.nanoTime() < deadline && !disconnected) {
                CompletableFuture<Boolean> drained = new CompletableFuture<>();
                clients.loop().execute(() -> drained.complete(inflight == 0 && tracker.distinct() >= sent));
                if (drained.get(1, TimeUnit.SECONDS)) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            CompletableFuture<Report> report = new CompletableFuture<>();
            clients.loop().execute(() -> report.complete(new Report(sent, tracker.distinct(),
                    tracker.missing(sent), tracker.duplicates(), tracker.outOfOrder(), inflight, disconnected)));
            return report.get(1, TimeUnit.SECONDS);
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Report(sent, -1, -1, -1, -1, -1, true);
        }
    }

    @Override
    public void close() {
        clients.loop().execute(() -> {
            publisher.close();
            subscriber.close();
        });
        clients.close();
    }
}
