package dev.fountain.bench.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * STAND-IN, with {@link StandInLog}: the stand-in log's files. Segments are numbered files
 * {@code <20 digits>.log} of records framed as body length (int), CRC32C of the body (int), body;
 * the body's first byte is its {@link Records} kind. Replay reads the segments in order into
 * memory; a record whose length or CRC is wrong ends its segment (a torn tail: reported, the rest
 * of that segment skipped).
 */
final class LogFiles {

    static final int FRAME = 2 * Integer.BYTES;
    /** No record the broker writes comes near this; a larger length is a torn or corrupt frame. */
    private static final int MAX_BODY = 1 << 28;
    private static final String SUFFIX = ".log";

    private LogFiles() {
    }

    static FileChannel create(Path directory, long segment) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(name(segment)),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        syncDirectory(directory);
        return channel;
    }

    static long lastSegment(Path directory) throws IOException {
        List<Long> segments = segments(directory);
        return segments.isEmpty() ? 0 : segments.get(segments.size() - 1);
    }

    static Recovered replay(Path directory) throws IOException {
        Map<Long, byte[]> queued = new HashMap<>();
        Map<String, byte[]> retained = new HashMap<>();
        StringBuilder note = new StringBuilder();
        CRC32C crc = new CRC32C();
        for (long segment : segments(directory)) {
            try (FileChannel channel = FileChannel.open(directory.resolve(name(segment)), StandardOpenOption.READ)) {
                long size = channel.size();
                MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
                int position = 0;
                while (position + FRAME <= size) {
                    int body = buffer.getInt(position);
                    int expected = buffer.getInt(position + Integer.BYTES);
                    int bodyStart = position + FRAME;
                    if (body <= 0 || body > MAX_BODY || bodyStart + (long) body > size) {
                        break;
                    }
                    crc.reset();
                    crc.update(buffer.slice(bodyStart, body));
                    if ((int) crc.getValue() != expected) {
                        break;
                    }
                    apply(buffer.slice(bodyStart, body), queued, retained);
                    position = bodyStart + body;
                }
                if (position != size) {
                    note.append(note.length() == 0 ? "" : "; ").append("torn tail in ").append(name(segment))
                            .append(" at ").append(position).append(" of ").append(size).append(" bytes");
                }
            }
        }
        return new Recovered(queued, retained, note.toString());
    }

    /**
     * Rewrites the live records of a closed directory into one new segment (through a temporary
     * file, synced, then renamed) and deletes the older segments. A crash in between leaves the old
     * segments and the new one, whose replay gives the same state.
     */
    static void compact(Path directory) throws IOException {
        Recovered live = replay(directory);
        long last = lastSegment(directory);
        Path temporary = directory.resolve(name(last + 1) + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            CRC32C crc = new CRC32C();
            for (Map.Entry<String, byte[]> retained : live.retained().entrySet()) {
                byte[] topic = retained.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = retained.getValue();
                buffer = flushIfFull(channel, buffer, FRAME + 1 + Short.BYTES + topic.length + value.length);
                int start = buffer.position();
                buffer.position(start + FRAME);
                buffer.put(Records.RETAIN).put(value[0]).putShort((short) topic.length).put(topic)
                        .put(value, 1, value.length - 1);
                seal(buffer, start, crc);
            }
            for (Map.Entry<Long, byte[]> queued : live.queued().entrySet()) {
                byte[] value = queued.getValue();
                buffer = flushIfFull(channel, buffer, FRAME + 1 + Long.BYTES + value.length);
                int start = buffer.position();
                buffer.position(start + FRAME);
                buffer.put(Records.ENQUEUE).putLong(queued.getKey()).put(value);
                seal(buffer, start, crc);
            }
            flush(channel, buffer);
            channel.force(false);
        }
        Files.move(temporary, directory.resolve(name(last + 1)), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(directory);
        for (long segment : segments(directory)) {
            if (segment <= last) {
                Files.delete(directory.resolve(name(segment)));
            }
        }
        syncDirectory(directory);
    }

    private static void apply(ByteBuffer body, Map<Long, byte[]> queued, Map<String, byte[]> retained) {
        byte kind = body.get();
        switch (kind) {
            case Records.ENQUEUE -> {
                long entryId = body.getLong();
                byte[] value = new byte[body.remaining()];
                body.get(value);
                queued.put(entryId, value);
            }
            case Records.DONE -> queued.remove(body.getLong());
            case Records.RETAIN -> {
                byte qos = body.get();
                byte[] topic = new byte[body.getShort()];
                body.get(topic);
                byte[] value = new byte[1 + body.remaining()];
                value[0] = qos;
                body.get(value, 1, value.length - 1);
                retained.put(new String(topic, StandardCharsets.UTF_8), value);
            }
            default -> throw new IllegalStateException("record of unknown kind " + kind + " with a valid CRC");
        }
    }

    private static ByteBuffer flushIfFull(FileChannel channel, ByteBuffer buffer, int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush(channel, buffer);
        }
        return buffer.remaining() < bytes ? ByteBuffer.allocate(bytes) : buffer;
    }

    private static void flush(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private static void seal(ByteBuffer buffer, int start, CRC32C crc) {
        int bodyStart = start + FRAME;
        int body = buffer.position() - bodyStart;
        crc.reset();
        crc.update(buffer.array(), bodyStart, body);
        buffer.putInt(start, body).putInt(start + Integer.BYTES, (int) crc.getValue());
    }

    private static List<Long> segments(Path directory) throws IOException {
        List<Long> segments = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return segments;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length())
                    .forEach(name -> segments.add(Long.parseLong(name.substring(0, 20))));
        }
        segments.sort(null);
        return segments;
    }

    private static String name(long segment) {
        return String.format("%020d%s", segment, SUFFIX);
    }

    /** A new or renamed file survives a power loss only once its directory entry is synced too. */
    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
