package dev.fountain.broker.store;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Records on their way to a file, framed as {@code length (4 bytes) | CRC32C of the body (4) |
 * body}, the body being a type byte and fields. Numbers are unsigned LEB128 varints, strings and
 * byte arrays are a varint length and the bytes; a nullable string's length is one more than its
 * byte count, 0 meaning null.
 */
final class RecordBuffer {

    static final int HEADER = 8;

    private byte[] bytes;
    private int size;
    private int recordStart = -1;
    private final CRC32C crc = new CRC32C();

    RecordBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    /** The buffered bytes, for a write; valid until the next change. */
    ByteBuffer contents() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    /** Gives memory back after a burst made the buffer large. */
    void trim(int capacity) {
        if (bytes.length > capacity && size <= capacity) {
            bytes = Arrays.copyOf(bytes, capacity);
        }
    }

    RecordBuffer begin(int type) {
        recordStart = size;
        ensure(HEADER + 1);
        size += HEADER;
        bytes[size++] = (byte) type;
        return this;
    }

    void end() {
        int bodyLength = size - recordStart - HEADER;
        crc.reset();
        crc.update(bytes, recordStart + HEADER, bodyLength);
        putInt(recordStart, bodyLength);
        putInt(recordStart + 4, (int) crc.getValue());
        recordStart = -1;
    }

    /** Drops a record begun but not ended, when encoding it failed. */
    void abandon() {
        if (recordStart >= 0) {
            size = recordStart;
            recordStart = -1;
        }
    }

    RecordBuffer varLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
        return this;
    }

    RecordBuffer bool(boolean value) {
        ensure(1);
        bytes[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    RecordBuffer bytes(byte[] value) {
        varLong(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    RecordBuffer nullableBytes(byte[] value) {
        if (value == null) {
            return varLong(0);
        }
        varLong(value.length + 1L);
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    RecordBuffer string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    RecordBuffer nullableString(String value) {
        return nullableBytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** A payload, read with absolute indexes so the buffer's reader index stays where it is. */
    RecordBuffer payload(ByteBuf payload) {
        int length = payload.readableBytes();
        varLong(length);
        ensure(length);
        payload.getBytes(payload.readerIndex(), bytes, size, length);
        size += length;
        return this;
    }

    RecordBuffer ints(int[] values) {
        if (values == null) {
            return varLong(0);
        }
        varLong(values.length);
        for (int value : values) {
            varLong(value & 0xFFFF_FFFFL);
        }
        return this;
    }

    /** Appends {@code length} raw bytes: a whole record copied from another file. */
    void raw(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    private void putInt(int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
