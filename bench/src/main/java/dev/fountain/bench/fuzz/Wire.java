package dev.fountain.bench.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The MQTT encodings the fuzzer writes, and the framing it reads back: by fixed header alone, as a
 * broker must, so that the fuzzer knows where each packet it sent ends whatever is inside it.
 */
final class Wire extends ByteArrayOutputStream {

    Wire u8(int value) {
        write(value);
        return this;
    }

    Wire u16(int value) {
        return u8(value >>> 8).u8(value);
    }

    Wire u32(int value) {
        return u16(value >>> 16).u16(value);
    }

    Wire varInt(int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            u8(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return this;
    }

    Wire string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return u16(utf8.length).bytes(utf8);
    }

    Wire bytes(byte[] value) {
        writeBytes(value);
        return this;
    }

    /**
     * {@code stream} with its last packet completed by zero bytes, as far as its fixed header says:
     * the broker then holds every byte of every packet it was sent and has no reason to wait for
     * more. A remaining length above {@code maxPacketSize}, or one longer than four bytes, is left
     * as it is: the broker must close on the header alone.
     */
    static byte[] completeLastPacket(byte[] stream, int maxPacketSize) {
        int at = 0;
        while (at < stream.length) {
            int[] frame = frame(stream, at, true);
            if (frame == null || frame[1] > maxPacketSize) {
                return stream;
            }
            int end = frame[0] + frame[1];
            if (end > stream.length) {
                return Arrays.copyOf(stream, end);
            }
            at = end;
        }
        return stream;
    }

    /** PINGREQ packets in a complete stream, framed by fixed headers: each one the broker must answer. */
    static int pingRequests(byte[] stream) {
        int count = 0;
        for (int at = 0; at < stream.length; ) {
            int[] frame = frame(stream, at, false);
            if (frame == null || frame[0] + frame[1] > stream.length) {
                break;
            }
            if ((stream[at] & 0xFF) == 0xC0 && frame[1] == 0) {
                count++;
            }
            at = frame[0] + frame[1];
        }
        return count;
    }

    /**
     * The packet at {@code at}: {index of its variable header, remaining length}; null when the
     * remaining length is malformed, or (unless {@code zerosAfterEnd}) not all there yet.
     */
    static int[] frame(byte[] bytes, int at, boolean zerosAfterEnd) {
        int length = 0;
        for (int digits = 0; digits < 4; digits++) {
            int index = at + 1 + digits;
            if (index >= bytes.length && !zerosAfterEnd) {
                return null;
            }
            int digit = index < bytes.length ? bytes[index] & 0xFF : 0;
            length |= (digit & 0x7F) << 7 * digits;
            if ((digit & 0x80) == 0) {
                return new int[] {index + 1, length};
            }
        }
        return null;
    }
}
