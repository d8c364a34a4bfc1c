package dev.fountain.broker.protocol;

import dev.fountain.broker.routing.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Encodes outgoing PUBLISH packets (MQTT 3.1.1 section 3.3) without copying large payloads: the
 * header goes into a small buffer of its own and the payload follows as a duplicate of the one
 * buffer every subscriber shares, so the socket write gathers both. Payloads up to
 * {@link #COPY_LIMIT} bytes are copied behind the header instead: for those a copy costs less than
 * a second buffer and its reference count.
 */
final class PublishEncoder extends ChannelOutboundHandlerAdapter {

    static final int COPY_LIMIT = 512;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof OutboundPublish publish)) {
            ctx.write(msg, promise);
            return;
        }
        Message message = publish.message();
        try {
            ByteBuf payload = message.payload();
            int payloadSize = payload.readableBytes();
            byte[] topic = message.topicUtf8();
            int remaining = 2 + topic.length + (publish.qos() > 0 ? 2 : 0) + payloadSize;
            boolean copy = payloadSize <= COPY_LIMIT;
            int headerSize = 1 + varIntSize(remaining) + remaining - (copy ? 0 : payloadSize);
            ByteBuf out = ctx.alloc().ioBuffer(headerSize);
            out.writeByte(0x30 | (publish.duplicate() ? 0x08 : 0) | publish.qos() << 1 | (publish.retain() ? 1 : 0));
            writeVarInt(out, remaining);
            out.writeShort(topic.length);
            out.writeBytes(topic);
            if (publish.qos() > 0) {
                out.writeShort(publish.packetId());
            }
            if (copy) {
                out.writeBytes(payload, payload.readerIndex(), payloadSize);
                ctx.write(out, promise);
            } else {
                ctx.write(out, ctx.voidPromise());
                ctx.write(payload.retainedDuplicate(), promise);
            }
        } finally {
            message.release();
        }
    }

    static int varIntSize(int value) {
        int size = 1;
        while (value >= 128) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    static void writeVarInt(ByteBuf out, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }
}
