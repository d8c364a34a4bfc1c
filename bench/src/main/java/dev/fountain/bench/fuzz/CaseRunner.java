package dev.fountain.bench.fuzz;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs cases over plain NIO, {@code parallel} connections at a time on one thread. A case writes
 * its chunks (one write each), then a PINGREQ, and then waits: the broker holds complete packets
 * only (the generator completed the last one), so within the answer timeout it must have sent a
 * PINGRESP for every PINGREQ, or closed. Neither is a wedged connection.
 */
final class CaseRunner {

    enum Outcome { ANSWERED, CLOSED, WEDGED, REFUSED }

    private static final byte[] PINGREQ = {(byte) 0xC0, 0};
    private static final int PINGRESP = 0xD0;

    private final InetSocketAddress broker;
    private final CaseGenerator generator;
    private final FuzzStats stats;
    private final int parallel;
    private final long answerTimeoutNanos;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

    CaseRunner(InetSocketAddress broker, CaseGenerator generator, FuzzStats stats, int parallel,
            long answerTimeoutSeconds) {
        this.broker = broker;
        this.generator = generator;
        this.stats = stats;
        this.parallel = parallel;
        this.answerTimeoutNanos = TimeUnit.SECONDS.toNanos(answerTimeoutSeconds);
    }

    /** One case under way: where its writes are and what the broker has answered. */
    private final class Attempt {
        final FuzzCase fuzzCase;
        final SocketChannel channel;
        final int pingResponsesDue;
        final ResponseFramer responses = new ResponseFramer();
        int nextChunk;
        ByteBuffer writing;
        long deadline;

        Attempt(FuzzCase fuzzCase, SocketChannel channel, long now) {
            this.fuzzCase = fuzzCase;
            this.channel = channel;
            this.pingResponsesDue = Wire.pingRequests(fuzzCase.bytes()) + 1;
            this.deadline = now + answerTimeoutNanos;
        }

        /** Writes what the socket takes; true once the case and its PINGREQ are all written. */
        boolean write() throws IOException {
            int[] cuts = fuzzCase.cuts();
            while (true) {
                if (writing == null) {
                    if (nextChunk > cuts.length + 1) {
                        return true;
                    }
                    writing = nextChunk == cuts.length + 1 ? ByteBuffer.wrap(PINGREQ) : chunk(nextChunk);
                    nextChunk++;
                }
                channel.write(writing);
                if (writing.hasRemaining()) {
                    return false;
                }
                writing = null;
                // one chunk per turn of the loop, so that the broker may read it on its own
                if (nextChunk <= cuts.length + 1) {
                    return false;
                }
            }
        }

        private ByteBuffer chunk(int index) {
            int[] cuts = fuzzCase.cuts();
            int from = index == 0 ? 0 : cuts[index - 1];
            int to = index < cuts.length ? cuts[index] : fuzzCase.bytes().length;
            return ByteBuffer.wrap(fuzzCase.bytes(), from, to - from);
        }
    }

    /**
     * Runs cases {@code first} to {@code last - 1}, or until {@code stopAtNanos}.
     *
     * @return the index of the first case not run
     */
    long run(long first, long last, long stopAtNanos, Runnable progress) throws IOException {
        long next = first;
        List<Attempt> active = new ArrayList<>(parallel);
        try (Selector selector = Selector.open()) {
            while ((next < last && System.nanoTime() < stopAtNanos) || !active.isEmpty()) {
                long now = System.nanoTime();
                while (active.size() < parallel && next < last && now < stopAtNanos) {
                    Attempt attempt = open(selector, generator.generate(next++), now);
                    if (attempt != null) {
                        active.add(attempt);
                    }
                }
                selector.select(100);
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    Attempt attempt = (Attempt) key.attachment();
                    Outcome outcome = key.isValid() ? step(key, attempt) : Outcome.CLOSED;
                    if (outcome != null) {
                        finish(attempt, outcome, active);
                    }
                }
                selector.selectedKeys().clear();
                for (int i = active.size() - 1; i >= 0; i--) {
                    if (active.get(i).deadline - now < 0) {
                        finish(active.get(i), Outcome.WEDGED, active);
                    }
                }
                progress.run();
            }
        }
        return next;
    }

    private Attempt open(Selector selector, FuzzCase fuzzCase, long now) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Attempt attempt = new Attempt(fuzzCase, channel, now);
            boolean connected = channel.connect(broker);
            channel.register(selector, connected ? SelectionKey.OP_WRITE | SelectionKey.OP_READ
                    : SelectionKey.OP_CONNECT, attempt);
            return attempt;
        } catch (IOException e) {
            channel.close();
            stats.record(fuzzCase, Outcome.REFUSED);
            return null;
        }
    }

    /** Moves a case on; its outcome once it has one, else null. */
    private Outcome step(SelectionKey key, Attempt attempt) {
        try {
            if (key.isConnectable()) {
                attempt.channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
                return null;
            }
            if (key.isReadable()) {
                readBuffer.clear();
                int read = attempt.channel.read(readBuffer);
                if (read < 0) {
                    return Outcome.CLOSED;
                }
                readBuffer.flip();
                if (attempt.responses.count(readBuffer, PINGRESP) >= attempt.pingResponsesDue) {
                    return Outcome.ANSWERED;
                }
            }
            if (key.isValid() && key.isWritable() && attempt.write()) {
                key.interestOps(SelectionKey.OP_READ);
                attempt.deadline = System.nanoTime() + answerTimeoutNanos;
            }
            return null;
        } catch (ConnectException e) {
            return Outcome.REFUSED;
        } catch (IOException e) {
            // reset or broken pipe: the broker closed while the case was still being written
            return Outcome.CLOSED;
        }
    }

    private void finish(Attempt attempt, Outcome outcome, List<Attempt> active) {
        if (!active.remove(attempt)) {
            return;
        }
        try {
            attempt.channel.close();
        } catch (IOException e) {
            // closing a socket the broker already dropped: nothing left to do
        }
        stats.record(attempt.fuzzCase, outcome);
    }
}
