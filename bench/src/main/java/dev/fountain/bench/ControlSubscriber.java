package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A second subscriber to every stream of a {@link HandlerBench} run, the generator's own client
 * (MQTT 3.1.1, on its event loop, which owns the trackers): when the handler misses messages, it
 * tells whether the broker delivered them to anybody. Diagnosis only: it doubles the broker's
 * deliveries, so runs with it are not the measured ones.
 */
final class ControlSubscriber implements MqttClient.Listener {

    private final SequenceTracker[] trackers;

    private ControlSubscriber(int streams) {
        trackers = new SequenceTracker[streams];
        for (int i = 0; i < streams; i++) {
            trackers[i] = new SequenceTracker();
        }
    }

    /** Connects and subscribes to {@code filter}; returns once the broker has acknowledged it. */
    static ControlSubscriber subscribe(Clients clients, int streams, String filter, int qos)
            throws IOException, InterruptedException {
        ControlSubscriber control = new ControlSubscriber(streams);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        MqttClient client = clients.connect(0, "bench-control-" + ProcessHandle.current().pid(), control);
        Clients.await(client.connected(), deadline);
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        clients.loop().execute(() -> client.subscribe(List.of(filter), qos, 1).whenComplete((ok, failure) -> {
            if (failure == null) {
                subscribed.complete(null);
            } else {
                subscribed.completeExceptionally(failure);
            }
        }));
        Clients.await(subscribed, deadline);
        return control;
    }

    /** Messages of {@code stream} this subscriber never got; on the event loop. */
    long missing(Stream stream) {
        return trackers[stream.id()].missing(stream.sent());
    }

    @Override
    public void published(MqttClient client, ByteBuf in, int topicIndex, int topicLength, int payloadIndex,
            int payloadLength) {
        int stream = payloadLength >= Payload.HEADER ? Payload.stream(in, payloadIndex) : -1;
        if (stream >= 0 && stream < trackers.length) {
            trackers[stream].record(Payload.sequence(in, payloadIndex));
        }
    }
}
