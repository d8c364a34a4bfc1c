package dev.fountain.bench.fuzz;

import java.nio.ByteBuffer;

/**
 * Splits what a broker sends into packets by their fixed headers, across reads, and counts those
 * of one type; the broker's output is well-formed, so this needs no more than the framing.
 */
final class ResponseFramer {

    private int headerByte = -1;
    private int length;
    private int lengthShift;
    private int bodyLeft = -1;
    private int counted;

    /** Consumes {@code bytes}; returns how many packets with fixed header byte {@code header} came so far. */
    int count(ByteBuffer bytes, int header) {
        while (bytes.hasRemaining()) {
            if (bodyLeft > 0) {
                int skip = Math.min(bodyLeft, bytes.remaining());
                bytes.position(bytes.position() + skip);
                bodyLeft -= skip;
            } else if (headerByte < 0) {
                headerByte = bytes.get() & 0xFF;
                length = 0;
                lengthShift = 0;
            } else {
                int digit = bytes.get() & 0xFF;
                length |= (digit & 0x7F) << lengthShift;
                lengthShift += 7;
                if ((digit & 0x80) == 0) {
                    if (headerByte == header) {
                        counted++;
                    }
                    bodyLeft = length;
                    headerByte = -1;
                }
            }
        }
        return counted;
    }
}
