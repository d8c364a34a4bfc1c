package dev.fountain.broker.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Mosquitto's {@code try_private}: the CONNECT of a bridge speaking MQTT 3.1 or 3.1.1 carries its
 * protocol level with the high bit set (0x83, 0x84), which tells a Mosquitto broker that the client
 * is a bridge, so it neither sends the bridge's own messages back nor clears their RETAIN flag.
 * Netty's encoder refuses such a level, so the CONNECT is encoded with the plain one and the bit is
 * set here, in the encoded bytes, once; then this stage leaves the pipeline.
 */
final class PrivateProtocolLevel extends ChannelOutboundHandlerAdapter {

    private static final int BRIDGE_BIT = 0x80;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf connect && connect.readableBytes() > 2 && (connect.getByte(connect.readerIndex())
                & 0xF0) == 0x10) {
            int at = connect.readerIndex() + 1;
            // Skip the Remaining Length (1 to 4 bytes) and the protocol name (a 2-byte length, then the name).
            while ((connect.getByte(at) & 0x80) != 0) {
                at++;
            }
            at++;
            at += 2 + connect.getUnsignedShort(at);
            connect.setByte(at, connect.getByte(at) | BRIDGE_BIT);
            ctx.pipeline().remove(this);
        }
        ctx.write(msg, promise);
    }
}
