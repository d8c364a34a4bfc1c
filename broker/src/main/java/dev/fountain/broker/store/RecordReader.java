package dev.fountain.broker.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads the records {@link RecordBuffer} framed, checking each one's length and CRC, and then its
 * fields. Every length read from a file is bounded before anything is allocated for it: a damaged
 * length must not become a 2 GiB array.
 */
final class RecordReader {

    /** The largest body a record may have: a maximum-size PUBLISH payload and its topic and fields. */
    static final int MAX_BODY = 268_435_455 + 65_535 + 4096;

    /** A record whose frame is complete but whose content is not what was written. */
    static final class CorruptRecordException extends IOException {
        CorruptRecordException(String message) {
            super(message);
        }
    }

    private final InputStream in;
    /** Our own buffer: a replay makes three small reads per record, and BufferedInputStream locks for each. */
    private final byte[] buffer;
    private int buffered;
    private int next;
    private final CRC32C crc = new CRC32C();
    private final byte[] header = new byte[RecordBuffer.HEADER];
    private long position;
    private long recordStart;
    private byte[] body = new byte[256];
    private int bodyLength;
    private int cursor;

    RecordReader(InputStream in, long position) {
        this.in = in;
        this.position = position;
        this.buffer = new byte[1 << 16];
    }

    /** Reads the fields of {@code fields}, a part of a record kept aside by {@link #rest()}. */
    static RecordReader over(byte[] fields) {
        RecordReader reader = new RecordReader(InputStream.nullInputStream(), 0, fields);
        return reader;
    }

    private RecordReader(InputStream in, long position, byte[] fields) {
        this.in = in;
        this.position = position;
        this.buffer = new byte[0];
        this.body = fields;
        this.bodyLength = fields.length;
        this.cursor = 0;
    }

    /** The fields of the current record not read yet, as a copy, to be read later with {@link #over}. */
    byte[] rest() {
        byte[] rest = new byte[bodyLength - cursor];
        System.arraycopy(body, cursor, rest, 0, rest.length);
        cursor = bodyLength;
        return rest;
    }

    /** Where the last record read began, or where the damage is after a failed {@link #next()}. */
    long recordStart() {
        return recordStart;
    }

    /** Where the next record begins. */
    long position() {
        return position;
    }

    /**
     * Reads the next record.
     *
     * @return its type, or -1 at the end of the file
     * @throws EOFException when the file ends inside a record: a write the crash cut short
     * @throws CorruptRecordException when a complete record fails its check
     */
    int next() throws IOException {
        recordStart = position;
        if (next == buffered && !fill()) {
            return -1;
        }
        readFully(header, 0, RecordBuffer.HEADER);
        int length = ((header[0] & 0xFF) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8)
                | (header[3] & 0xFF);
        int expectedCrc = ((header[4] & 0xFF) << 24) | ((header[5] & 0xFF) << 16) | ((header[6] & 0xFF) << 8)
                | (header[7] & 0xFF);
        if (length < 1 || length > MAX_BODY) {
            throw new CorruptRecordException("a record length of " + length + " bytes");
        }
        if (body.length < length) {
            body = new byte[Math.max(length, Math.min(body.length * 2, MAX_BODY))];
        }
        readFully(body, 0, length);
        crc.reset();
        crc.update(body, 0, length);
        if ((int) crc.getValue() != expectedCrc) {
            throw new CorruptRecordException("a record whose checksum does not match");
        }
        position += RecordBuffer.HEADER + length;
        bodyLength = length;
        cursor = 1;
        return body[0] & 0xFF;
    }

    /** The whole framed record last read, to copy it unchanged. */
    void copyTo(RecordBuffer out) {
        out.begin(body[0] & 0xFF);
        out.raw(body, 1, bodyLength - 1);
        out.end();
    }

    long varLong() throws CorruptRecordException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = take();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new CorruptRecordException("a number longer than 64 bits");
    }

    int varInt() throws CorruptRecordException {
        long value = varLong();
        if (value > 0xFFFF_FFFFL) {
            throw new CorruptRecordException("a 32-bit field of " + value);
        }
        return (int) value;
    }

    boolean bool() throws CorruptRecordException {
        return take() != 0;
    }

    byte[] bytes() throws CorruptRecordException {
        return array(length(varLong()));
    }

    byte[] nullableBytes() throws CorruptRecordException {
        long length = varLong();
        return length == 0 ? null : array(length(length - 1));
    }

    String string() throws CorruptRecordException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    String nullableString() throws CorruptRecordException {
        byte[] value = nullableBytes();
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    int[] ints() throws CorruptRecordException {
        int count = length(varLong());
        if (count == 0) {
            return null;
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = varInt();
        }
        return values;
    }

    private int length(long length) throws CorruptRecordException {
        if (length > bodyLength - cursor) {
            throw new CorruptRecordException("a field of " + length + " bytes in a record of " + bodyLength);
        }
        return (int) length;
    }

    private byte[] array(int length) {
        byte[] value = new byte[length];
        System.arraycopy(body, cursor, value, 0, length);
        cursor += length;
        return value;
    }

    private byte take() throws CorruptRecordException {
        if (cursor >= bodyLength) {
            throw new CorruptRecordException("a record shorter than its fields");
        }
        return body[cursor++];
    }

    private void readFully(byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (next == buffered && !fill()) {
                throw new EOFException();
            }
            int chunk = Math.min(length - done, buffered - next);
            System.arraycopy(buffer, next, into, offset + done, chunk);
            next += chunk;
            done += chunk;
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        buffered = read;
        next = 0;
        return true;
    }
}
