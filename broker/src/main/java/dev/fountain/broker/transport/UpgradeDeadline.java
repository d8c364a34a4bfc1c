package dev.fountain.broker.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a WebSocket listener's connection that is not an MQTT connection within a fixed time of
 * opening. An idle timer would not do: a client that sends one header byte every few seconds
 * restarts it forever (slow-loris), holding the connection and its HTTP buffers. The stage leaves
 * the pipeline at the upgrade, which cancels the deadline; from then on the CONNECT timeout and
 * keep alive apply.
 */
final class UpgradeDeadline extends ChannelInboundHandlerAdapter {

    private final long seconds;
    private ScheduledFuture<?> deadline;

    UpgradeDeadline(long seconds) {
        this.seconds = seconds;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            schedule(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        schedule(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void schedule(ChannelHandlerContext ctx) {
        if (deadline == null) {
            Runnable close = ctx::close;
            deadline = ctx.executor().schedule(close, seconds, TimeUnit.SECONDS);
        }
    }
}
