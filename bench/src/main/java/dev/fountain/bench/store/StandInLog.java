package dev.fountain.bench.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

/**
 * STAND-IN, NOT THE BROKER'S LOG. A minimal append-only log written only so that the store
 * benchmark runs end to end before {@code dev.fountain.broker.store} exists (issue 14); once it
 * does, {@link LogCandidate} uses that instead and this class is deleted.
 *
 * <p>What it does, the least the design needs: records framed as length, CRC32C of the body,
 * body ({@link LogFiles}); producers encode into the active one of two buffers under a short lock and
 * get a sequence number; one writer thread swaps the buffers, writes the full one with one
 * {@code FileChannel.write}, and under {@code always} ends the batch with {@code force(false)}, so a
 * batch is one group commit. Segments of {@link #SEGMENT_BYTES}. No background snapshot: compaction
 * is {@link LogFiles#compact} on a closed directory.
 */
final class StandInLog {

    static final long SEGMENT_BYTES = 64L << 20;
    private static final int INITIAL_BUFFER = 1 << 20;
    private static final long IDLE_PARK_NANOS = 1_000_000;

    private final Path directory;
    private final SyncPolicy policy;
    private final Durability durability = new Durability();
    private final Object lock = new Object();
    private final CRC32C crc = new CRC32C();
    private final Thread writer;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong writeNanos = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();

    // Guarded by lock: the buffer producers fill, and the last sequence number in it.
    private ByteBuffer active = ByteBuffer.allocate(INITIAL_BUFFER);
    private long lastSequence;

    // The writer thread's own.
    private ByteBuffer flushing = ByteBuffer.allocate(INITIAL_BUFFER);
    private FileChannel channel;
    private long segment;
    private long segmentSize;
    private long lastSync = System.nanoTime();
    private boolean unsynced;

    private volatile long appendedView;
    private volatile boolean writerParked;
    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile Throwable failure;

    /** Starts a new segment after the last one in {@code directory}, so a torn tail is never appended to. */
    StandInLog(Path directory, SyncPolicy policy) throws IOException {
        this.directory = directory;
        this.policy = policy;
        Files.createDirectories(directory);
        segment = LogFiles.lastSegment(directory) + 1;
        channel = LogFiles.create(directory, segment);
        writer = new Thread(this::writeLoop, "stand-in-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    long appendEnqueue(long entryId, long sessionId, byte[] topic, int qos, byte[] payload) {
        int body = 1 + Long.BYTES + Records.queuedSize(topic.length, payload.length);
        long sequence;
        synchronized (lock) {
            ByteBuffer buffer = room(LogFiles.FRAME + body);
            int start = buffer.position();
            buffer.position(start + LogFiles.FRAME);
            buffer.put(Records.ENQUEUE).putLong(entryId);
            Records.putQueued(buffer, sessionId, topic, qos, payload);
            sequence = seal(buffer, start);
        }
        wakeWriter();
        return sequence;
    }

    long appendDone(long entryId) {
        long sequence;
        synchronized (lock) {
            ByteBuffer buffer = room(LogFiles.FRAME + 1 + Long.BYTES);
            int start = buffer.position();
            buffer.position(start + LogFiles.FRAME);
            buffer.put(Records.DONE).putLong(entryId);
            sequence = seal(buffer, start);
        }
        wakeWriter();
        return sequence;
    }

    long appendRetain(byte[] topic, int qos, byte[] payload) {
        int body = 1 + 1 + Short.BYTES + topic.length + payload.length;
        long sequence;
        synchronized (lock) {
            ByteBuffer buffer = room(LogFiles.FRAME + body);
            int start = buffer.position();
            buffer.position(start + LogFiles.FRAME);
            buffer.put(Records.RETAIN).put((byte) qos).putShort((short) topic.length).put(topic).put(payload);
            sequence = seal(buffer, start);
        }
        wakeWriter();
        return sequence;
    }

    long appended() {
        return appendedView;
    }

    void whenDurable(long sequence, Runnable action) {
        durability.whenDurable(sequence, action);
    }

    long commits() {
        return commits.get();
    }

    long syncs() {
        return syncs.get();
    }

    long writeNanos() {
        return writeNanos.get();
    }

    long syncNanos() {
        return syncNanos.get();
    }

    /** Writes and syncs everything appended, then stops. */
    void close() {
        stop(false);
    }

    /** Stops the writer where it is: what it wrote stays, what it had not is lost, nothing is synced. */
    void crash() {
        stop(true);
    }

    private void stop(boolean crash) {
        crashed = crash;
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("the writer failed", failure);
        }
    }

    private ByteBuffer room(int bytes) {
        if (active.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(active.capacity() * 2, active.position() + bytes));
            active.flip();
            larger.put(active);
            active = larger;
        }
        return active;
    }

    private long seal(ByteBuffer buffer, int start) {
        int bodyStart = start + LogFiles.FRAME;
        int body = buffer.position() - bodyStart;
        crc.reset();
        crc.update(buffer.array(), bodyStart, body);
        buffer.putInt(start, body).putInt(start + Integer.BYTES, (int) crc.getValue());
        long sequence = ++lastSequence;
        appendedView = sequence;
        return sequence;
    }

    private void wakeWriter() {
        // appendedView was written before writerParked is read, and the writer writes writerParked
        // before it reads appendedView: one of the two sees the other, so no wake-up is lost.
        if (writerParked) {
            LockSupport.unpark(writer);
        }
    }

    private void writeLoop() {
        try {
            long written = 0;
            while (!crashed) {
                long batchEnd;
                synchronized (lock) {
                    batchEnd = lastSequence;
                    if (batchEnd != written) {
                        ByteBuffer full = active;
                        active = flushing;
                        flushing = full;
                    }
                }
                if (batchEnd != written) {
                    write(flushing);
                    written = batchEnd;
                    durability.advance(written);
                    continue;
                }
                if (!running) {
                    break;
                }
                syncIfDue();
                writerParked = true;
                if (appendedView == written && running) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                writerParked = false;
            }
            if (!crashed && unsynced) {
                sync();
            }
            channel.close();
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void write(ByteBuffer batch) throws IOException {
        long start = System.nanoTime();
        batch.flip();
        if (segmentSize > 0 && segmentSize + batch.remaining() > SEGMENT_BYTES) {
            if (policy != SyncPolicy.NONE) {
                sync();
            }
            channel.close();
            channel = LogFiles.create(directory, ++segment);
            segmentSize = 0;
        }
        while (batch.hasRemaining()) {
            segmentSize += channel.write(batch);
        }
        batch.clear();
        writeNanos.addAndGet(System.nanoTime() - start);
        commits.incrementAndGet();
        unsynced = true;
        if (policy == SyncPolicy.ALWAYS) {
            sync();
        } else {
            syncIfDue();
        }
    }

    private void syncIfDue() throws IOException {
        if (policy == SyncPolicy.INTERVAL && unsynced && System.nanoTime() - lastSync >= SyncPolicy.INTERVAL_NANOS) {
            sync();
        }
    }

    private void sync() throws IOException {
        long start = System.nanoTime();
        channel.force(false);
        lastSync = System.nanoTime();
        syncNanos.addAndGet(lastSync - start);
        syncs.incrementAndGet();
        unsynced = false;
    }
}
