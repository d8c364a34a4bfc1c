package dev.fountain.broker.store;

import dev.fountain.broker.config.Persistence;
import dev.fountain.broker.config.Persistence.Sync;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.Subscription;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The store on disk: an append-only log of changes, cut into segments, and a snapshot that a
 * background thread compacts the sealed segments into.
 *
 * <p>Any thread journals a change by encoding it into a shared buffer under a short lock; nothing
 * waits for the disk there. One writer thread swaps the buffer out and writes it with one system
 * call, fsyncs per the sync policy, and then lets the connections that were waiting for that point
 * send their acknowledgements: every change made while the previous write was on its way goes
 * into the next one (group commit), so one fsync covers many clients.
 *
 * <p>A compaction reads the last snapshot and the sealed segments after it, applies them, and
 * writes the live state as the next snapshot, then deletes what it covers; the files stay near
 * the size of the live data. Recovery is the same replay: the last snapshot, then every segment
 * after it. A segment whose end a crash cut short is truncated there; a file that fails its checks
 * elsewhere is moved aside, with every other file of the store, and the broker starts empty.
 */
public final class DiskStore implements Store {

    /** A segment is sealed, and a new one begun, at this size. */
    static final long SEGMENT_BYTES = 64L << 20;
    /** Sealed segments are compacted once they hold this much, or as much as the last snapshot. */
    static final long COMPACT_BYTES = 32L << 20;
    private static final int BUFFER_BYTES = 64 << 10;
    /** The broker's own topics, published afresh every sys_interval: not worth a write each time. */
    private static final String SYS = "$SYS/";

    private final Persistence settings;
    private final StoreFiles files;
    private final Consumer<String> errors;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private Recovered recovered;

    private final Object appendLock = new Object();
    private RecordBuffer active = new RecordBuffer(BUFFER_BYTES);
    private RecordBuffer writing = new RecordBuffer(BUFFER_BYTES);
    private final AtomicLong ids;
    private volatile long appended;
    /**
     * The position of the last change something must wait for. Not an acknowledged delivery
     * ({@link #done}): losing one in a crash only sends that message again, which QoS 1 allows and
     * QoS 2 answers with PUBREC or PUBCOMP, so a connection need not wait for it.
     */
    private volatile long awaited;
    private volatile long durable;
    private long changesSinceCompaction;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    // Owned by the writer thread.
    /** The position the batch being written ends at. */
    private long writingEnd;
    private volatile FileChannel segment;
    private volatile long segmentNumber;
    private long segmentBytes;
    private long lastForceNanos = System.nanoTime();
    private long lastCompactionNanos = System.nanoTime();
    private long writtenButNotForced;

    private final AtomicLong diskBytes = new AtomicLong();
    private volatile long sealedBytes;
    private volatile long snapshotNumber;
    private volatile long snapshotBytes;
    private final AtomicBoolean compactionWanted = new AtomicBoolean();
    private volatile boolean closing;
    private volatile boolean writerParked;
    private final Thread writer;
    private final Thread compactor;
    private volatile String lastWriteError;
    private volatile boolean crashed;
    private final Thread syncer;
    private final Object compactionLock = new Object();

    // Counted by the writer and the syncer, read by anyone for meters and the benchmark.
    private volatile long commits;
    private volatile long writeNanos;
    private volatile long fsyncs;
    private volatile long fsyncNanos;

    /** An action waiting for the log to be written up to {@code position}; run once. */
    private static final class Waiter extends AtomicBoolean {
        final long position;
        final Executor executor;
        final Runnable action;

        Waiter(long position, Executor executor, Runnable action) {
            this.position = position;
            this.executor = executor;
            this.action = action;
        }
    }

    private DiskStore(Persistence settings, Consumer<String> errors) throws IOException {
        this(settings, errors, true);
    }

    /** @param serve whether to open a segment and start the threads; without, the store is only read */
    private DiskStore(Persistence settings, Consumer<String> errors, boolean serve) throws IOException {
        this.settings = settings;
        this.errors = errors;
        Path directory = settings.directory().toAbsolutePath();
        Files.createDirectories(directory);
        this.files = new StoreFiles(directory, settings.fileName());
        this.lockChannel = FileChannel.open(files.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock taken;
        try {
            taken = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            taken = null;
        }
        if (taken == null) {
            lockChannel.close();
            throw new IOException("The store " + files.lockFile() + " is in use by another broker; give each broker"
                    + " its own persistence_location or persistence_file.");
        }
        this.lock = taken;
        long start = System.nanoTime();
        Image image = new Image();
        List<String> warnings = new ArrayList<>();
        String error = recover(image, warnings);
        this.recovered = new Recovered(image.liveSessions(), List.copyOf(image.retainedMessages()),
                List.copyOf(warnings), error, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        this.ids = new AtomicLong(image.highestId);
        diskBytes.set(files.size());
        long lastNumber = Math.max(snapshotNumber, files.segments().isEmpty() ? 0 : files.segments().lastKey());
        sealedBytes = 0;
        for (Map.Entry<Long, Path> sealed : files.segments().tailMap(snapshotNumber, false).entrySet()) {
            sealedBytes += Files.size(sealed.getValue());
        }
        if (!serve) {
            this.writer = null;
            this.compactor = null;
            this.syncer = null;
            return;
        }
        openSegment(lastNumber + 1);
        this.writer = new Thread(this::writeLoop, "fountain-store-writer");
        this.writer.setDaemon(true);
        this.compactor = new Thread(this::compactLoop, "fountain-store-compactor");
        this.compactor.setDaemon(true);
        this.syncer = settings.sync() == Sync.INTERVAL ? new Thread(this::syncLoop, "fountain-store-syncer") : null;
        writer.start();
        compactor.start();
        if (syncer != null) {
            syncer.setDaemon(true);
            syncer.start();
        }
        if (sealedBytes > 0) {
            requestCompaction();
        }
    }

    /**
     * Opens the store {@code settings} name, recovering what it holds.
     *
     * @param errors where write and compaction failures are reported, as ERROR lines
     * @throws IOException when the directory cannot be created or another broker holds the store
     */
    public static DiskStore open(Persistence settings, Consumer<String> errors) throws IOException {
        return new DiskStore(settings, errors);
    }

    /** Reads what the store in {@code settings} holds, as opening it would, and closes it again. */
    static Recovered read(Persistence settings) throws IOException {
        DiskStore store = new DiskStore(settings, error -> { }, false);
        store.close();
        return store.recovered();
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public synchronized Recovered recovered() {
        Recovered taken = recovered;
        recovered = Recovered.NOTHING;
        return taken;
    }

    /** Where the files are. */
    public Path directory() {
        return files.directory;
    }

    /** Bytes the store's files take on disk. */
    public long diskBytes() {
        return diskBytes.get();
    }

    @Override
    public boolean full() {
        return settings.sizeLimit() > 0 && diskBytes.get() >= settings.sizeLimit();
    }

    // Recovery.

    /** @return the ERROR line when the files could not be read and were moved aside, else {@code null} */
    private String recover(Image image, List<String> warnings) throws IOException {
        TreeMap<Long, Path> snapshots = files.snapshots();
        TreeMap<Long, Path> segments = files.segments();
        Path current = null;
        try {
            if (!snapshots.isEmpty()) {
                current = snapshots.lastEntry().getValue();
                snapshotNumber = snapshots.lastKey();
                replay(current, StoreFiles.SNAPSHOT_MAGIC, image, false, warnings);
                snapshotBytes = Files.size(current);
            }
            Map<Long, Path> after = segments.tailMap(snapshotNumber, false);
            long last = after.isEmpty() ? -1 : segments.lastKey();
            for (Map.Entry<Long, Path> entry : after.entrySet()) {
                current = entry.getValue();
                replay(current, StoreFiles.LOG_MAGIC, image, entry.getKey() == last, warnings);
            }
        } catch (RecordReader.CorruptRecordException | BadFileException e) {
            image.sessions.clear();
            image.entries.clear();
            image.retained.clear();
            image.highestId = 0;
            String moved = moveAside();
            snapshotNumber = 0;
            snapshotBytes = 0;
            return "The store file " + current + " cannot be read (" + e.getMessage() + "): " + moved
                    + "; starting with an empty store.";
        }
        // A compaction that crashed between writing its snapshot and deleting what it covers leaves
        // older files that the newer snapshot makes redundant.
        for (Path older : snapshots.headMap(snapshotNumber, false).values()) {
            Files.deleteIfExists(older);
        }
        for (Path covered : segments.headMap(snapshotNumber, true).values()) {
            Files.deleteIfExists(covered);
        }
        for (Path file : files.all()) {
            if (file.getFileName().toString().endsWith(".tmp")) {
                Files.deleteIfExists(file);
            }
        }
        return null;
    }

    /** A file that is not a store file of this version at all. */
    private static final class BadFileException extends IOException {
        BadFileException(String message) {
            super(message);
        }
    }

    private void replay(Path file, byte[] magic, Image image, boolean lastSegment, List<String> warnings)
            throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(magic.length);
            if (header.length < magic.length && lastSegment) {
                truncate(file, 0, size, "its header is incomplete", warnings);
                return;
            }
            if (!java.util.Arrays.equals(header, magic)) {
                throw new BadFileException("it does not begin like a Fountain store file of this version");
            }
            RecordReader reader = new RecordReader(in, magic.length);
            while (true) {
                int type;
                try {
                    type = reader.next();
                } catch (EOFException | RecordReader.CorruptRecordException e) {
                    if (lastSegment || e instanceof EOFException) {
                        truncate(file, reader.recordStart(), size,
                                e instanceof EOFException ? "its last record is incomplete" : e.getMessage(), warnings);
                        return;
                    }
                    throw new RecordReader.CorruptRecordException(e.getMessage() + " at byte " + reader.recordStart());
                }
                if (type < 0) {
                    return;
                }
                try {
                    image.apply(type, reader);
                } catch (RecordReader.CorruptRecordException e) {
                    throw new RecordReader.CorruptRecordException(e.getMessage() + " at byte " + reader.recordStart());
                }
            }
        }
    }

    /** Cuts off the end of a log that a crash interrupted mid-write. */
    private void truncate(Path file, long at, long size, String why, List<String> warnings) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(at);
            channel.force(true);
        }
        warnings.add("The store file " + file + " ended in an incomplete write (" + why + " at byte " + at
                + "): truncated it there, dropping " + (size - at) + " bytes.");
    }

    /** Renames every file of the store to {@code *.bad}, keeping earlier {@code .bad} files. */
    private String moveAside() throws IOException {
        List<String> names = new ArrayList<>();
        for (Path file : files.all()) {
            Path bad = file.resolveSibling(file.getFileName() + ".bad");
            if (Files.exists(bad)) {
                bad = file.resolveSibling(file.getFileName() + "." + System.currentTimeMillis() + ".bad");
            }
            Files.move(file, bad, StandardCopyOption.ATOMIC_MOVE);
            names.add(bad.getFileName().toString());
        }
        files.syncDirectory();
        return "moved " + String.join(", ", names) + " aside";
    }

    // Journaling, from any thread.

    @Override
    public long newSessionId() {
        return ids.incrementAndGet();
    }

    @Override
    public void sessionOpened(long sessionId, String clientId, String username, long expirySeconds) {
        synchronized (appendLock) {
            active.begin(Image.SESSION).varLong(sessionId).string(clientId).nullableString(username)
                    .varLong(expirySeconds).end();
            appended();
        }
        wakeWriter();
    }

    @Override
    public void sessionDetached(long sessionId, long expirySeconds) {
        long now = System.currentTimeMillis();
        synchronized (appendLock) {
            active.begin(Image.DETACHED).varLong(sessionId).varLong(now).varLong(expirySeconds).end();
            appended();
        }
        wakeWriter();
    }

    @Override
    public void sessionEnded(long sessionId) {
        idRecord(Image.ENDED, sessionId);
    }

    @Override
    public void subscribed(long sessionId, Subscription s) {
        synchronized (appendLock) {
            active.begin(Image.SUBSCRIBED).varLong(sessionId).string(s.filter()).varLong(s.qos()).bool(s.noLocal())
                    .bool(s.retainAsPublished()).varLong(s.retainHandling()).varLong(s.subscriptionId()).end();
            appended();
        }
        wakeWriter();
    }

    @Override
    public void unsubscribed(long sessionId, String filter) {
        synchronized (appendLock) {
            active.begin(Image.UNSUBSCRIBED).varLong(sessionId).string(filter).end();
            appended();
        }
        wakeWriter();
    }

    @Override
    public long enqueued(long sessionId, Message message, int qos, boolean retain, int[] subscriptionIds) {
        long entryId = ids.incrementAndGet();
        enqueued(sessionId, entryId, message, qos, retain, subscriptionIds);
        return entryId;
    }

    /** {@link #enqueued(long, Message, int, boolean, int[])} under an identifier the caller chose. */
    void enqueued(long sessionId, long entryId, Message message, int qos, boolean retain, int[] subscriptionIds) {
        synchronized (appendLock) {
            try {
                active.begin(Image.ENQUEUED).varLong(sessionId).varLong(entryId).varLong(qos).bool(retain)
                        .ints(subscriptionIds);
                StoredMessage.write(active, message);
                active.end();
            } catch (RuntimeException e) {
                active.abandon();
                throw e;
            }
            appended();
        }
        wakeWriter();
    }

    @Override
    public void sent(long entryId, int packetId) {
        synchronized (appendLock) {
            active.begin(Image.SENT).varLong(entryId).varLong(packetId).end();
            appended();
        }
        wakeWriter();
    }

    @Override
    public void received(long entryId) {
        idRecord(Image.RECEIVED, entryId);
    }

    @Override
    public void done(long entryId) {
        synchronized (appendLock) {
            active.begin(Image.DONE).varLong(entryId).end();
            appended++;
            changesSinceCompaction++;
        }
        wakeWriter();
    }

    @Override
    public void qos2Received(long sessionId, int packetId) {
        synchronized (appendLock) {
            active.begin(Image.QOS2_RECEIVED).varLong(sessionId).varLong(packetId).end();
            appended();
        }
        wakeWriter();
    }

    @Override
    public void qos2Released(long sessionId, int packetId) {
        synchronized (appendLock) {
            active.begin(Image.QOS2_RELEASED).varLong(sessionId).varLong(packetId).end();
            appended();
        }
        wakeWriter();
    }

    @Override
    public void willDelayed(long sessionId, Message will, long dueAtMillis) {
        synchronized (appendLock) {
            try {
                active.begin(Image.WILL).varLong(sessionId).varLong(dueAtMillis);
                StoredMessage.write(active, will);
                active.end();
            } catch (RuntimeException e) {
                active.abandon();
                throw e;
            }
            appended();
        }
        wakeWriter();
    }

    @Override
    public void willCleared(long sessionId) {
        idRecord(Image.WILL_CLEARED, sessionId);
    }

    @Override
    public void retained(Message message) {
        if (message.topic().startsWith(SYS)) {
            return;
        }
        synchronized (appendLock) {
            try {
                active.begin(Image.RETAINED);
                StoredMessage.write(active, message);
                active.end();
            } catch (RuntimeException e) {
                active.abandon();
                throw e;
            }
            appended();
        }
        wakeWriter();
    }

    @Override
    public void retainedDeleted(String topic) {
        if (topic.startsWith(SYS)) {
            return;
        }
        synchronized (appendLock) {
            active.begin(Image.RETAINED_DELETED).string(topic).end();
            appended();
        }
        wakeWriter();
    }

    private void idRecord(int type, long id) {
        synchronized (appendLock) {
            active.begin(type).varLong(id).end();
            appended();
        }
        wakeWriter();
    }

    /** Under {@link #appendLock}. */
    private void appended() {
        awaited = ++appended;
        changesSinceCompaction++;
    }

    private void wakeWriter() {
        if (writerParked) {
            LockSupport.unpark(writer);
        }
    }

    // Acknowledgements wait here.

    @Override
    public boolean caughtUp() {
        return durable >= awaited;
    }

    @Override
    public void afterWritten(Executor executor, Runnable action) {
        long position = awaited;
        if (durable >= position) {
            action.run();
            return;
        }
        Waiter waiter = new Waiter(position, executor, action);
        waiters.add(waiter);
        // The writer may have passed the queue between the check above and the add.
        if (durable >= position && waiter.compareAndSet(false, true)) {
            action.run();
        }
        wakeWriter();
    }

    private void releaseWaiters() {
        long reached = durable;
        Waiter waiter;
        while ((waiter = waiters.peek()) != null && waiter.position <= reached) {
            waiters.poll();
            if (waiter.compareAndSet(false, true)) {
                try {
                    waiter.executor.execute(waiter.action);
                } catch (RuntimeException stopped) {
                    // The connection's event loop is shutting down: nothing is left to send.
                }
            }
        }
    }

    // The writer thread.

    private void writeLoop() {
        while (true) {
            if (crashed) {
                try {
                    segment.close();
                } catch (IOException ignored) {
                    // A crash is what is being imitated: nothing more to do with this file.
                }
                return;
            }
            long batchEnd;
            boolean closed = false;
            synchronized (appendLock) {
                if (active.isEmpty() && writing.isEmpty()) {
                    batchEnd = -1;
                    // Checked under the lock, where an append cannot slip in between "nothing left"
                    // and stopping: the last change before close() is written.
                    closed = closing;
                } else {
                    if (writing.isEmpty()) {
                        RecordBuffer swap = writing;
                        writing = active;
                        active = swap;
                        writingEnd = appended;
                    }
                    // After a failed write the same batch goes again, and covers no more than it did.
                    batchEnd = writingEnd;
                }
            }
            if (batchEnd >= 0) {
                if (!write(batchEnd)) {
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                }
                continue;
            }
            if (closed) {
                break;
            }
            if (rollIfDue()) {
                continue;
            }
            writerParked = true;
            if (appended == durable && !closing) {
                LockSupport.parkNanos(this, parkNanos());
            }
            writerParked = false;
        }
        try {
            forceNow();
            segment.close();
        } catch (IOException e) {
            errors.accept("Could not close the store file " + files.segment(segmentNumber) + ": " + e.getMessage());
        }
    }

    /** Writes the swapped-out buffer; on failure keeps it for the next attempt. */
    private boolean write(long batchEnd) {
        ByteBuffer bytes = writing.contents();
        int length = bytes.remaining();
        try {
            long start = System.nanoTime();
            while (bytes.hasRemaining()) {
                segment.write(bytes);
            }
            long written = System.nanoTime();
            writeNanos += written - start;
            if (settings.sync() == Sync.ALWAYS) {
                segment.force(false);
                lastForceNanos = System.nanoTime();
                fsyncs++;
                fsyncNanos += lastForceNanos - written;
            } else {
                writtenButNotForced += length;
            }
            commits++;
        } catch (IOException e) {
            String message = "Could not write the store file " + files.segment(segmentNumber) + ": " + e.getMessage()
                    + "; acknowledgements wait until it can be written.";
            if (!message.equals(lastWriteError)) {
                errors.accept(message);
                lastWriteError = message;
            }
            try {
                // Rewrite the whole batch at the same place next time rather than leave half a record.
                segment.truncate(segmentBytes);
                segment.position(segmentBytes);
            } catch (IOException ignored) {
                // The next attempt reports the failure again if it persists.
            }
            return false;
        }
        lastWriteError = null;
        segmentBytes += length;
        diskBytes.addAndGet(length);
        writing.clear();
        writing.trim(BUFFER_BYTES * 4);
        durable = batchEnd;
        releaseWaiters();
        return true;
    }

    private void forceNow() {
        try {
            if (settings.sync() != Sync.NONE || closing) {
                long start = System.nanoTime();
                segment.force(false);
                fsyncs++;
                fsyncNanos += System.nanoTime() - start;
            }
            writtenButNotForced = 0;
            lastForceNanos = System.nanoTime();
        } catch (IOException e) {
            errors.accept("Could not fsync the store file " + files.segment(segmentNumber) + ": " + e.getMessage());
        }
    }

    /**
     * For {@code interval}: fsyncs the segment being written every interval, on a thread of its
     * own, so the writer goes on writing (and connections go on acknowledging) during the fsync.
     */
    private void syncLoop() {
        long interval = settings.syncInterval().toNanos();
        while (!closing) {
            LockSupport.parkNanos(this, interval);
            FileChannel current = segment;
            long before = System.nanoTime();
            try {
                current.force(false);
                fsyncs++;
                fsyncNanos += System.nanoTime() - before;
            } catch (java.nio.channels.ClosedChannelException rolled) {
                // The writer sealed that segment meanwhile, and fsynced it as it did.
            } catch (IOException e) {
                errors.accept("Could not fsync the store file " + files.segment(segmentNumber) + ": " + e.getMessage());
            }
        }
    }

    private static long parkNanos() {
        return TimeUnit.SECONDS.toNanos(1);
    }

    /** Seals the segment when it is full, or when {@code autosave_*} asks for a compaction. */
    private boolean rollIfDue() {
        boolean autosave;
        synchronized (appendLock) {
            autosave = changesSinceCompaction > 0 && (settings.autosaveOnChanges()
                    ? settings.autosaveInterval() > 0 && changesSinceCompaction >= settings.autosaveInterval()
                    : settings.autosaveInterval() > 0 && System.nanoTime() - lastCompactionNanos
                            >= TimeUnit.SECONDS.toNanos(settings.autosaveInterval()));
        }
        if (segmentBytes < SEGMENT_BYTES && !autosave) {
            return false;
        }
        try {
            forceNow();
            segment.close();
            sealedBytes += segmentBytes;
            openSegment(segmentNumber + 1);
        } catch (IOException e) {
            errors.accept("Could not begin the store file " + files.segment(segmentNumber + 1) + ": " + e.getMessage());
            return false;
        }
        synchronized (appendLock) {
            if (autosave) {
                changesSinceCompaction = 0;
            }
        }
        lastCompactionNanos = System.nanoTime();
        if (autosave || sealedBytes >= Math.max(COMPACT_BYTES, snapshotBytes)) {
            requestCompaction();
        }
        return true;
    }

    private void openSegment(long number) throws IOException {
        Path path = files.segment(number);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        RecordBuffer header = new RecordBuffer(64);
        header.raw(StoreFiles.LOG_MAGIC, 0, StoreFiles.LOG_MAGIC.length);
        header.begin(Image.IDENTIFIERS).varLong(ids == null ? 0 : ids.get()).end();
        ByteBuffer bytes = header.contents();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        if (settings.sync() != Sync.NONE) {
            channel.force(true);
            files.syncDirectory();
        }
        segment = channel;
        segmentNumber = number;
        segmentBytes = header.size();
        diskBytes.addAndGet(segmentBytes);
    }

    // The compactor thread.

    private void requestCompaction() {
        if (compactionWanted.compareAndSet(false, true)) {
            LockSupport.unpark(compactor);
        }
    }

    private void compactLoop() {
        while (!closing) {
            if (!compactionWanted.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            try {
                compact();
            } catch (IOException | RuntimeException e) {
                errors.accept("Could not compact the store in " + files.directory + ": " + e.getMessage()
                        + "; the log keeps growing until a compaction succeeds.");
            }
        }
    }

    /** Writes a snapshot of the snapshot before it and every sealed segment, then deletes those. */
    void compact() throws IOException {
        synchronized (compactionLock) {
            compactSealed();
        }
    }

    private void compactSealed() throws IOException {
        long previous = snapshotNumber;
        TreeMap<Long, Path> sealed = new TreeMap<>(files.segments().subMap(previous, false, segmentNumber, false));
        if (sealed.isEmpty()) {
            return;
        }
        Image image = new Image();
        List<String> warnings = new ArrayList<>();
        if (previous > 0) {
            replay(files.snapshot(previous), StoreFiles.SNAPSHOT_MAGIC, image, false, warnings);
        }
        for (Path segmentFile : sealed.values()) {
            replay(segmentFile, StoreFiles.LOG_MAGIC, image, false, warnings);
        }
        long number = sealed.lastKey();
        Path target = files.snapshot(number);
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        long written;
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            RecordBuffer buffer = new RecordBuffer(BUFFER_BYTES * 4);
            buffer.raw(StoreFiles.SNAPSHOT_MAGIC, 0, StoreFiles.SNAPSHOT_MAGIC.length);
            image.writeTo(buffer, full -> {
                if (full.size() >= BUFFER_BYTES * 2) {
                    drain(out, full);
                }
            });
            drain(out, buffer);
            out.force(true);
            written = out.size();
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        files.syncDirectory();
        long freed = 0;
        if (previous > 0) {
            freed += deleteCounted(files.snapshot(previous));
        }
        long sealedFreed = 0;
        for (Path segmentFile : sealed.values()) {
            sealedFreed += deleteCounted(segmentFile);
        }
        snapshotNumber = number;
        snapshotBytes = written;
        sealedBytes = Math.max(0, sealedBytes - sealedFreed);
        diskBytes.addAndGet(written - freed - sealedFreed);
    }

    private static void drain(FileChannel out, RecordBuffer buffer) throws IOException {
        ByteBuffer bytes = buffer.contents();
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
        buffer.clear();
    }

    private static long deleteCounted(Path file) throws IOException {
        long size = Files.exists(file) ? Files.size(file) : 0;
        Files.deleteIfExists(file);
        return size;
    }

    /** Group commits (batches written) so far. */
    public long commits() {
        return commits;
    }

    /** Time spent writing batches so far, in nanoseconds. */
    public long writeNanos() {
        return writeNanos;
    }

    /** fsyncs so far. */
    public long fsyncs() {
        return fsyncs;
    }

    /** Time spent in fsync so far, in nanoseconds. */
    public long fsyncNanos() {
        return fsyncNanos;
    }

    /** The position of the last change journaled, for {@link #afterPosition}. */
    long position() {
        return appended;
    }

    /** Runs {@code action} on the writer's thread, or at once, when the log is written up to {@code position}. */
    void afterPosition(long position, Runnable action) {
        if (durable >= position) {
            action.run();
            return;
        }
        Waiter waiter = new Waiter(position, Runnable::run, action);
        waiters.add(waiter);
        if (durable >= position && waiter.compareAndSet(false, true)) {
            action.run();
        }
        wakeWriter();
    }

    /** Stops as a {@code kill -9} would: what is not written yet is lost, nothing is fsynced. */
    void crash() {
        crashed = true;
        close();
    }

    /** Writes everything journaled, fsyncs it, and releases the files. */
    @Override
    public void close() {
        closing = true;
        try {
            for (Thread thread : new Thread[] {writer, compactor, syncer}) {
                if (thread != null) {
                    LockSupport.unpark(thread);
                    thread.join(TimeUnit.SECONDS.toMillis(30));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
