package dev.fountain.broker.bridge;

import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts a bridge connection's MQTT bytes into the broker's meters, behind TLS as a client's are.
 * A stage of its own, which client connections no longer have (they count in their one MQTT
 * stage): a broker has a handful of bridges, and their decoder and encoder are Netty's.
 */
final class BridgeBytes extends ChannelDuplexHandler {

    private final BrokerStats stats;

    BridgeBytes(BrokerStats stats) {
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
