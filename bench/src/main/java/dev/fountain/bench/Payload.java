package dev.fountain.bench;

import io.netty.buffer.ByteBuf;

/**
 * What every generated payload starts with: the stream it belongs to, its number in that stream,
 * and the {@link System#nanoTime()} it was written at (publisher and subscribers share this JVM,
 * hence this clock). Zeros pad it to the payload size asked for.
 */
final class Payload {

    static final int HEADER = 4 + 8 + 8;

    private Payload() {
    }

    static void write(ByteBuf out, int stream, long sequence, long nanos, int size) {
        out.writeInt(stream).writeLong(sequence).writeLong(nanos).writeZero(size - HEADER);
    }

    static int stream(ByteBuf in, int index) {
        return in.getInt(index);
    }

    static long sequence(ByteBuf in, int index) {
        return in.getLong(index + 4);
    }

    static long nanos(ByteBuf in, int index) {
        return in.getLong(index + 12);
    }
}
