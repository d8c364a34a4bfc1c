package dev.fountain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandlerInboxTest {

    private static final int MESSAGES = 20_000;

    // No connection is made: the clients only lend the inbox their event loop.
    private final Clients clients = new Clients("127.0.0.1", 1, false, "tcp");
    private final Stream[] streams = {new Stream(0, "bench/0", new int[] {0}), new Stream(1, "bench/1", new int[] {0})};
    private final Traffic traffic = new Traffic(clients, Options.parse("fan-in"), streams, 1, false);

    @AfterEach
    void stop() {
        clients.close();
    }

    private static ByteBuffer payload(int stream, long sequence) {
        ByteBuffer payload = ByteBuffer.allocate(Payload.HEADER + 4);
        payload.putInt(stream).putLong(sequence).putLong(System.nanoTime()).putInt(0).flip();
        return payload;
    }

    private long[] onLoop(int stream) throws Exception {
        return clients.loop().submit(() -> {
            SequenceTracker tracker = streams[stream].tracker(0);
            return new long[] {tracker.distinct(), tracker.duplicates(), tracker.outOfOrder()};
        }).get();
    }

    @Test
    void everyNumberTwoHandlerThreadsFileReachesTheTrackersOnceAndInOrder() throws Exception {
        // A window of 16 makes each ring 128 long: the writers fill it and wait for the event loop.
        HandlerInbox inbox = new HandlerInbox(traffic, clients.loop(), streams, 16);
        Thread[] writers = new Thread[streams.length];
        for (int s = 0; s < streams.length; s++) {
            int stream = s;
            writers[s] = new Thread(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    inbox.handle("bench/" + stream, payload(stream, i));
                }
            });
            writers[s].start();
        }
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((onLoop(0)[0] < MESSAGES || onLoop(1)[0] < MESSAGES) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (int stream = 0; stream < streams.length; stream++) {
            assertThat(onLoop(stream)).as("distinct, duplicates, out of order of stream %d", stream)
                    .containsExactly(MESSAGES, 0, 0);
        }
    }

    @Test
    void aMessageOnAnotherStreamsTopicIsNotFiledUnderItsStream() throws Exception {
        HandlerInbox inbox = new HandlerInbox(traffic, clients.loop(), streams, 16);

        inbox.handle("bench/1", payload(0, 0));
        inbox.handle("bench/0", payload(0, 1));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (onLoop(0)[0] < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(onLoop(0)[0]).isEqualTo(1);
        assertThat(onLoop(1)[0]).isZero();
    }
}
