package dev.fountain.broker.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after a DISCONNECT with a reason code so that the client gets to read it.
 * Closing a socket that still has unread input makes the kernel send a reset, which can overtake
 * the DISCONNECT and discard it unread at the client (seen with a client that was still sending
 * PUBRELs when it exceeded Receive Maximum). So the DISCONNECT is flushed, a plain TCP connection is
 * half-closed so that the client sees the end, and the connection goes on reading (and discarding:
 * the connection no longer acts on packets) until the client closes or {@link #LINGER_SECONDS} pass.
 */
final class LingeringClose {

    /** How long a client may take to close after its DISCONNECT; a hostile one costs no more. */
    static final int LINGER_SECONDS = 2;

    private LingeringClose() {
    }

    static void close(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            // TLS and WebSocket end with their own close messages, which a half-close would cut off.
            boolean plainTcp = ctx.pipeline().get(SslHandler.class) == null && ctx.pipeline().get("websocket") == null;
            if (written.isSuccess() && plainTcp && ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            }
        });
        Runnable close = ctx::close;
        ctx.executor().schedule(close, LINGER_SECONDS, TimeUnit.SECONDS);
    }
}
