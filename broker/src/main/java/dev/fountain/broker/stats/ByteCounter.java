package dev.fountain.broker.stats;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the MQTT bytes a connection reads and writes, where the MQTT stages meet the transport
 * (behind TLS and WebSocket framing, so both count what MQTT carried). One instance serves every
 * connection of a broker: an idle connection pays no memory for it, and each read or write adds to
 * its event loop's own tally.
 */
@ChannelHandler.Sharable
public final class ByteCounter extends ChannelDuplexHandler {

    private final BrokerStats stats;

    ByteCounter(BrokerStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            stats.here().add(Meter.BYTES_RECEIVED, bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            stats.here().add(Meter.BYTES_SENT, bytes.readableBytes());
        } else if (msg instanceof ByteBufHolder holder) {
            stats.here().add(Meter.BYTES_SENT, holder.content().readableBytes());
        }
        ctx.write(msg, promise);
    }
}
