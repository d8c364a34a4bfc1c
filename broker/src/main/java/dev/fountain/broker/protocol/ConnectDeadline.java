package dev.fountain.broker.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time a new connection has to send its CONNECT, counted from its opening. A deadline, not an
 * idle timer: trickled bytes must not keep a connection without CONNECT open. And a scheduled task
 * rather than a pipeline handler, since connections that never send CONNECT are the cheapest way to
 * take a broker's memory.
 */
final class ConnectDeadline {

    static final long SECONDS = 20;

    private ConnectDeadline() {
    }

    static ScheduledFuture<?> start(ChannelHandlerContext ctx, Runnable expired) {
        return ctx.executor().schedule(expired, SECONDS, TimeUnit.SECONDS);
    }

    static void cancel(ScheduledFuture<?> deadline) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
