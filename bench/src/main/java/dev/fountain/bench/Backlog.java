package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A broker's backlog across a restart (bench/persistence.sh, issue 14): what a store has to bring
 * back, and a check that it did.
 *
 * <pre>
 * java -cp fountain-bench.jar dev.fountain.bench.Backlog fill --port N [--retained 10000] [--queued 100000]
 *     [--payload 64] [--retained-payload 64] [--inflight 16]
 * java -cp fountain-bench.jar dev.fountain.bench.Backlog probe --port N [--timeout 120]
 * java -cp fountain-bench.jar dev.fountain.bench.Backlog drain --port N [--retained 10000] [--queued 100000]
 *     [--quiet 5] [--timeout 300]
 * </pre>
 *
 * <p>{@code fill}: the subscriber {@value #SUBSCRIBER} takes a persistent session (CleanSession 0)
 * on {@value #QUEUE} at QoS 1 and goes away; then one publisher sends {@code --retained} retained
 * QoS 1 messages, one per topic {@code backlog/retained/<i>}, and {@code --queued} numbered QoS 1
 * messages on {@value #QUEUE}, which the broker must keep for the absent subscriber. It ends when
 * every one is acknowledged. {@code probe}: connects a clean session again and again (every 2 ms)
 * until the broker answers with a CONNACK, and prints the wall-clock time of that answer, so a
 * script that noted when it started the broker has the time to a usable listener. {@code drain}:
 * the subscriber comes back to its session and counts what arrives (loss, duplicates, out of
 * order, by sequence number); then a new clean session subscribes to {@code backlog/retained/#}
 * and counts the distinct topics of the retained messages it gets.
 *
 * <p>Each prints one human line and one {@code RESULT} line; exit status 1 when a drain finds
 * anything missing, duplicated or reordered, 2 when the broker could not be reached.
 */
public final class Backlog {

    static final String SUBSCRIBER = "backlog-subscriber";
    static final String QUEUE = "backlog/queue";
    private static final String RETAINED_PREFIX = "backlog/retained/";
    private static final byte[] QUEUE_BYTES = QUEUE.getBytes(StandardCharsets.UTF_8);
    private static final long PROBE_PAUSE_MILLIS = 2;

    private final Clients clients;
    private final Map<String, String> options;

    private Backlog(Clients clients, Map<String, String> options) {
        this.clients = clients;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String command = args.length == 0 ? "" : args[0];
        if (!List.of("fill", "probe", "drain").contains(command) || !options.containsKey("port")) {
            System.err.println("usage: Backlog fill|probe|drain --port N [--retained N] [--queued N] [--payload B]"
                    + " [--retained-payload B] [--inflight N] [--quiet S] [--timeout S]");
            System.exit(2);
        }
        boolean ok;
        try (Clients clients = new Clients("127.0.0.1", Integer.parseInt(options.get("port")), false, "tcp")) {
            Backlog backlog = new Backlog(clients, options);
            ok = switch (command) {
                case "fill" -> backlog.fill();
                case "probe" -> backlog.probe();
                default -> backlog.drain();
            };
        } catch (IOException e) {
            System.err.println("Error: " + e.getMessage());
            System.out.println("RESULT scenario=backlog-" + command + " error=1");
            System.exit(2);
            return;
        }
        System.exit(ok ? 0 : 1);
    }

    private long number(String name, long defaultValue) {
        return Long.parseLong(options.getOrDefault(name, Long.toString(defaultValue)));
    }

    private boolean fill() throws IOException, InterruptedException {
        long retained = number("retained", 10_000);
        long queued = number("queued", 100_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(number("timeout", 600));
        if (queued > 0) {
            MqttClient subscriber = clients.connect(0, SUBSCRIBER, MqttClient.IDLE, false);
            Clients.await(subscriber.connected(), deadline);
            Clients.await(onLoop(() -> subscriber.subscribe(List.of(QUEUE), 1, 1)), deadline);
            Clients.await(onLoop(() -> {
                subscriber.close();
                return CompletableFuture.completedFuture(null);
            }), deadline);
            // The broker handles the DISCONNECT on its own time; the first queued message must find
            // the session offline, not still attached.
            TimeUnit.MILLISECONDS.sleep(500);
        }
        Filler filler = new Filler(retained, queued, (int) number("retained-payload", 64),
                (int) number("payload", 64), (int) number("inflight", 16));
        MqttClient publisher = clients.connect(1, "backlog-publisher", filler, true);
        Clients.await(publisher.connected(), deadline);
        long start = System.nanoTime();
        clients.loop().execute(() -> {
            filler.client = publisher;
            filler.pump();
        });
        Clients.await(filler.done, deadline);
        double seconds = (System.nanoTime() - start) / 1e9;
        onLoop(() -> {
            publisher.close();
            return CompletableFuture.completedFuture(null);
        });
        System.out.printf(Locale.ROOT, "backlog fill: %,d retained and %,d queued QoS 1 messages acknowledged in %.1f s"
                + " (%,.0f msg/s)%n", retained, queued, seconds, (retained + queued) / seconds);
        System.out.printf(Locale.ROOT, "RESULT scenario=backlog-fill retained=%d queued=%d fill_s=%.2f rate=%.0f%n",
                retained, queued, seconds, (retained + queued) / seconds);
        return true;
    }

    /** One publisher's QoS 1 messages, retained ones first, never more than {@code inflight} unacknowledged. */
    private static final class Filler implements MqttClient.Listener {

        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final long retained;
        private final long total;
        private final int retainedPayload;
        private final int payload;
        private final int maxInflight;
        private final boolean[] inUse = new boolean[65536];
        MqttClient client;
        private long sent;
        private long acknowledged;
        private int inflight;
        private int lastPacketId;

        Filler(long retained, long queued, int retainedPayload, int payload, int maxInflight) {
            this.retained = retained;
            this.total = retained + queued;
            this.retainedPayload = retainedPayload;
            this.payload = payload;
            this.maxInflight = maxInflight;
            if (total == 0) {
                done.complete(null);
            }
        }

        void pump() {
            if (client == null || !client.channel().isActive()) {
                return;
            }
            while (sent < total && inflight < maxInflight && client.channel().isWritable()) {
                do {
                    lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
                } while (inUse[lastPacketId]);
                inUse[lastPacketId] = true;
                inflight++;
                ByteBuf out = client.pending();
                if (sent < retained) {
                    byte[] topic = (RETAINED_PREFIX + sent).getBytes(StandardCharsets.UTF_8);
                    Packets.publishHeader(out, topic, 1, lastPacketId, retainedPayload, true);
                    Payload.write(out, 1, sent, System.nanoTime(), retainedPayload);
                } else {
                    Packets.publishHeader(out, QUEUE_BYTES, 1, lastPacketId, payload);
                    Payload.write(out, 0, sent - retained, System.nanoTime(), payload);
                }
                sent++;
            }
            client.flush();
        }

        @Override
        public void acknowledged(MqttClient from, int packetId) {
            if (inUse[packetId]) {
                inUse[packetId] = false;
                inflight--;
                if (++acknowledged == total) {
                    done.complete(null);
                }
            }
        }

        @Override
        public void progress(MqttClient from) {
            pump();
        }
    }

    private boolean probe() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(number("timeout", 120));
        System.err.println("probing");
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            MqttClient client = clients.connect(0, "backlog-probe", MqttClient.IDLE, true);
            try {
                client.connected().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                long connack = System.currentTimeMillis();
                onLoop(() -> {
                    client.close();
                    return CompletableFuture.completedFuture(null);
                });
                System.out.printf(Locale.ROOT, "backlog probe: CONNACK after %d attempts%n", attempt);
                System.out.printf(Locale.ROOT, "RESULT scenario=backlog-probe connack_ms=%d attempts=%d%n", connack,
                        attempt);
                return true;
            } catch (ExecutionException refused) {
                TimeUnit.MILLISECONDS.sleep(PROBE_PAUSE_MILLIS);
            } catch (TimeoutException e) {
                break;
            }
        }
        throw new IOException("no CONNACK within " + number("timeout", 120) + " s");
    }

    private boolean drain() throws IOException, InterruptedException {
        long queued = number("queued", 100_000);
        long retained = number("retained", 10_000);
        long quietNanos = TimeUnit.SECONDS.toNanos(number("quiet", 5));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(number("timeout", 300));
        SequenceTracker queue = new SequenceTracker();
        long[] stray = new long[1];
        BitSet topics = new BitSet();
        long start = System.nanoTime();
        MqttClient subscriber = clients.connect(0, SUBSCRIBER, new MqttClient.Listener() {
            @Override
            public void published(MqttClient client, ByteBuf in, int topicIndex, int topicLength, int payloadIndex,
                    int payloadLength) {
                if (isQueue(in, topicIndex, topicLength) && payloadLength >= Payload.HEADER) {
                    queue.record(Payload.sequence(in, payloadIndex));
                } else {
                    stray[0]++;
                }
            }
        }, false);
        Clients.await(subscriber.connected(), deadline);
        double queueSeconds = waitFor(() -> queue.distinct() >= queued, queue::distinct, quietNanos, deadline, start);
        long[] queueCounts = on(() -> new long[] {queue.distinct(), queue.duplicates(), queue.outOfOrder(), stray[0]});

        long retainedStart = System.nanoTime();
        MqttClient reader = clients.connect(1, "backlog-retained-reader", new MqttClient.Listener() {
            @Override
            public void published(MqttClient client, ByteBuf in, int topicIndex, int topicLength, int payloadIndex,
                    int payloadLength) {
                String topic = in.toString(topicIndex, topicLength, StandardCharsets.UTF_8);
                if (topic.startsWith(RETAINED_PREFIX)) {
                    topics.set(Integer.parseInt(topic.substring(RETAINED_PREFIX.length())));
                }
            }
        }, true);
        Clients.await(reader.connected(), deadline);
        Clients.await(onLoop(() -> reader.subscribe(List.of(RETAINED_PREFIX + "#"), 1, 1)), deadline);
        double retainedSeconds = waitFor(() -> topics.cardinality() >= retained, topics::cardinality, quietNanos,
                deadline, retainedStart);
        long retainedReceived = on(topics::cardinality);
        onLoop(() -> {
            subscriber.close();
            reader.close();
            return CompletableFuture.completedFuture(null);
        });
        long loss = Math.max(0, queued - queueCounts[0]);
        boolean ok = loss == 0 && queueCounts[1] == 0 && queueCounts[2] == 0 && retainedReceived >= retained;
        System.out.printf(Locale.ROOT, "backlog drain: %,d of %,d queued messages in %.1f s (dup %d, ooo %d, other %d); "
                + "%,d of %,d retained topics in %.1f s%s%n", queueCounts[0], queued, queueSeconds, queueCounts[1],
                queueCounts[2], queueCounts[3], retainedReceived, retained, retainedSeconds, ok ? "" : "  ** INCORRECT **");
        System.out.printf(Locale.ROOT, "RESULT scenario=backlog-drain queued=%d received=%d loss=%d dup=%d ooo=%d "
                + "stray=%d queue_s=%.2f retained=%d retained_received=%d retained_s=%.2f%n", queued, queueCounts[0],
                loss, queueCounts[1], queueCounts[2], queueCounts[3], queueSeconds, retained, retainedReceived,
                retainedSeconds);
        return ok;
    }

    private static boolean isQueue(ByteBuf in, int index, int length) {
        if (length != QUEUE_BYTES.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in.getByte(index + i) != QUEUE_BYTES[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until {@code complete} holds on the event loop, or nothing more arrived for the quiet
     * time, or the deadline; returns the seconds from {@code startNanos} to the last progress.
     */
    private double waitFor(Supplier<Boolean> complete, Supplier<? extends Number> progress, long quietNanos,
            long deadline, long startNanos) throws IOException, InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (on(complete)) {
                return (System.nanoTime() - startNanos) / 1e9;
            }
            long now = on(progress).longValue();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > quietNanos) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return (lastChange - startNanos) / 1e9;
    }

    private CompletableFuture<Void> onLoop(Supplier<CompletableFuture<Void>> action) {
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

    private <T> T on(Supplier<T> read) throws IOException, InterruptedException {
        CompletableFuture<T> value = new CompletableFuture<>();
        clients.loop().execute(() -> value.complete(read.get()));
        try {
            return value.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the generator's event loop did not answer", e);
        }
    }
}
