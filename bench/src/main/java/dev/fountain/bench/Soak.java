package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The slow-subscriber soak of the hardening issue (bench/soak.sh): a {@code #} subscriber at QoS 1
 * that stops reading its socket once subscribed, a well-behaved QoS 0 subscriber to the same
 * stream, and a QoS 1 publisher of 1 KiB messages (16 in flight) for {@code --minutes}, or until
 * {@code --messages} are sent. The broker's resident memory is sampled every 200 ms; what matters
 * is its peak, and the share of the stream the well-behaved subscriber still got.
 *
 * <pre>
 * java -cp fountain-bench.jar dev.fountain.bench.Soak --port N --broker-pid P [--minutes 5]
 *     [--messages 0 (no limit)] [--payload 1024] [--label NAME]
 * </pre>
 */
public final class Soak {

    private static final String TOPIC = "soak/stream";
    private static final byte[] TOPIC_BYTES = TOPIC.getBytes(StandardCharsets.UTF_8);
    private static final int MAX_INFLIGHT = 16;
    private static final long SAMPLE_MILLIS = 200;

    private final Clients clients;
    private final SequenceTracker received = new SequenceTracker();
    private final boolean[] inUse = new boolean[65536];
    private final int payload;
    private final long messages;
    private MqttClient publisher;
    /** Zero until the run starts: the publisher's first callbacks come before that. */
    private volatile long stopAtNanos;
    private int inflight;
    private int lastPacketId;
    private long sent;
    private volatile boolean publishing = true;

    private Soak(Clients clients, int payload, long messages) {
        this.clients = clients;
        this.payload = payload;
        this.messages = messages;
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        long pid = 0;
        double minutes = 5;
        long messages = 0;
        int payload = 1024;
        String label = "broker";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--broker-pid" -> pid = Long.parseLong(args[i + 1]);
                case "--minutes" -> minutes = Double.parseDouble(args[i + 1]);
                case "--messages" -> messages = Long.parseLong(args[i + 1]);
                case "--payload" -> payload = Integer.parseInt(args[i + 1]);
                case "--label" -> label = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port == 0 || pid == 0) {
            System.err.println("usage: Soak --port N --broker-pid P [--minutes M] [--messages N] [--payload B] [--label L]");
            System.exit(2);
        }
        try (Clients clients = new Clients("127.0.0.1", port, false, "tcp")) {
            new Soak(clients, payload, messages).run(pid, minutes, label);
        }
        System.exit(0);
    }

    private void run(long pid, double minutes, String label) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        MqttClient slow = clients.connect(0, "soak-slow", MqttClient.IDLE);
        Clients.await(slow.connected(), deadline);
        Clients.await(onLoop(() -> slow.subscribe(List.of("#"), 1, 1)), deadline);
        // From here on the slow subscriber never reads: the kernel's buffers fill, then the broker's queue.
        Clients.await(onLoop(() -> {
            slow.channel().config().setAutoRead(false);
            return CompletableFuture.completedFuture(null);
        }), deadline);
        MqttClient fast = clients.connect(1, "soak-fast", new MqttClient.Listener() {
            @Override
            public void published(MqttClient client, ByteBuf in, int topicIndex, int topicLength, int payloadIndex,
                    int payloadLength) {
                received.record(Payload.sequence(in, payloadIndex));
            }
        });
        Clients.await(fast.connected(), deadline);
        Clients.await(onLoop(() -> fast.subscribe(List.of(TOPIC), 0, 1)), deadline);
        publisher = clients.connect(2, "soak-publisher", new MqttClient.Listener() {
            @Override
            public void acknowledged(MqttClient client, int packetId) {
                if (inUse[packetId]) {
                    inUse[packetId] = false;
                    inflight--;
                }
                pump();
            }

            @Override
            public void progress(MqttClient client) {
                pump();
            }
        });
        Clients.await(publisher.connected(), deadline);

        long start = System.nanoTime();
        stopAtNanos = start + (long) (minutes * 60e9);
        long peakKib = Rss.kib(pid);
        long lastReport = start;
        clients.loop().execute(this::pump);
        while (publishing && System.nanoTime() - stopAtNanos < 0) {
            TimeUnit.MILLISECONDS.sleep(SAMPLE_MILLIS);
            peakKib = Math.max(peakKib, Rss.kib(pid));
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                lastReport = System.nanoTime();
                System.err.printf(Locale.ROOT, "%s: %.0f s, published %,d, RSS peak %,d KiB%n", label,
                        (lastReport - start) / 1e9, sent, peakKib);
            }
        }
        publishing = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        // Drain: whatever the well-behaved subscriber still gets, until nothing arrives for 2 s (at most 10 s).
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long before = -1;
        while (System.nanoTime() < drainEnd && before != received.distinct()) {
            before = received.distinct();
            for (int i = 0; i < 10; i++) {
                TimeUnit.MILLISECONDS.sleep(SAMPLE_MILLIS);
                peakKib = Math.max(peakKib, Rss.kib(pid));
            }
        }
        long[] counts = on(() -> new long[] {sent, received.distinct()});
        double share = counts[0] == 0 ? 0 : 100.0 * counts[1] / counts[0];
        System.out.printf(Locale.ROOT, "%s: published %,d QoS 1 messages of %d B in %.0f s; the QoS 0 subscriber "
                + "received %,d (%.1f %%); peak RSS %,d KiB%n", label, counts[0], payload, seconds, counts[1], share,
                peakKib);
        System.out.printf(Locale.ROOT, "RESULT broker=%s peak_rss_kib=%d published=%d received=%d share=%.1f "
                + "seconds=%.0f%n", label, peakKib, counts[0], counts[1], share, seconds);
    }

    /** Sends while the in-flight window, the socket and the limits allow; on the event loop. */
    private void pump() {
        if (stopAtNanos == 0 || !publishing || !publisher.channel().isActive()) {
            return;
        }
        while (inflight < MAX_INFLIGHT && publisher.channel().isWritable()) {
            if ((messages > 0 && sent >= messages) || System.nanoTime() - stopAtNanos >= 0) {
                publishing = false;
                break;
            }
            do {
                lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
            } while (inUse[lastPacketId]);
            inUse[lastPacketId] = true;
            inflight++;
            Packets.publishHeader(publisher.pending(), TOPIC_BYTES, 1, lastPacketId, payload);
            Payload.write(publisher.pending(), 0, sent++, System.nanoTime(), payload);
        }
        publisher.flush();
    }

    private CompletableFuture<Void> onLoop(java.util.function.Supplier<CompletableFuture<Void>> action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        clients.loop().execute(() -> action.get().whenComplete((ok, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(null);
            }
        }));
        return done;
    }

    private <T> T on(java.util.function.Supplier<T> read) throws IOException, InterruptedException {
        CompletableFuture<T> value = new CompletableFuture<>();
        clients.loop().execute(() -> value.complete(read.get()));
        try {
            return value.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the generator's event loop did not answer", e);
        }
    }
}
