package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;

/**
 * Splits the byte stream into MQTT packets and hands each to its {@link MqttClient} in place, as a
 * region of the read buffer: every packet of a read is handled before the client flushes once at
 * the end of it, and nothing is allocated per packet.
 */
final class PacketDecoder extends ByteToMessageDecoder {

    private static final int MAX_LENGTH_BYTES = 4;

    private final MqttClient client;

    PacketDecoder(MqttClient client) {
        this.client = client;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            int end = in.writerIndex();
            if (end - start < 2) {
                return;
            }
            int length = 0;
            int position = start + 1;
            int shift = 0;
            while (true) {
                if (position == end) {
                    return;
                }
                int digit = in.getUnsignedByte(position++);
                length |= (digit & 0x7F) << shift;
                if ((digit & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift == 7 * MAX_LENGTH_BYTES) {
                    throw new DecoderException("remaining length longer than 4 bytes");
                }
            }
            if (end - position < length) {
                return;
            }
            in.readerIndex(position + length);
            client.packet(in.getUnsignedByte(start), in, position, length);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        super.channelReadComplete(ctx);
        client.readComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        super.channelWritabilityChanged(ctx);
        client.writabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        client.closed(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        client.closed(cause);
        ctx.close();
    }
}
