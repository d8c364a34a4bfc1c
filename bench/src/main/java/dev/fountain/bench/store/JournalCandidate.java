package dev.fountain.bench.store;

/**
 * A disk store for the broker's queued and retained messages (issue 14), as the store benchmark
 * drives it: the broker's event loops append from their own threads and never wait for the disk;
 * one writer thread of the store commits what they appended in groups and says, by sequence
 * number, what is durable under its {@link SyncPolicy}. {@link Candidate} opens, recovers and
 * compacts each implementation.
 *
 * <p>A sequence number covers every record appended before it was returned, from any thread: a
 * producer that waits for its own number knows its earlier records are durable too.
 */
public interface JournalCandidate {

    /** A message queued for an offline or slow persistent session; its sequence number. */
    long enqueue(long sessionId, long entryId, byte[] topic, int qos, byte[] payload);

    /** The queued message {@code entryId} was acknowledged by its subscriber: it is gone. */
    long done(long entryId);

    /** The retained message of {@code topic} (UTF-8) is this one now. */
    long retain(byte[] topic, int qos, byte[] payload);

    /** The highest sequence number handed out so far. */
    long appended();

    /**
     * Runs {@code action} once {@code sequence} is durable: on the store's writer thread, or at once
     * on the caller's when it is durable already. It must be short and must not append.
     */
    void whenDurable(long sequence, Runnable action);

    /** Group commits made so far (writes of a batch, or MVStore commits). */
    long commits();

    /** Syncs to the device made so far. */
    long syncs();

    /** Time the writer spent in writing batches (MVStore: in commits, housekeeping included), in ns. */
    long writeNanos();

    /** Time the writer spent in syncs, in ns. */
    long syncNanos();

    /** Makes everything appended durable and stops, as a clean shutdown. */
    void close();

    /**
     * Stops without what a clean shutdown adds, as {@code kill -9} leaves the files: what was written
     * stays, nothing more is written, no clean-shutdown mark, no final compaction.
     */
    void crash();
}
