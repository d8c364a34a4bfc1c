package dev.fountain.broker.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Keep Alive (MQTT 3.1.1 section 3.1.2.10, MQTT 5 sections 3.1.2.10 and 3.2.2.3.14): the interval
 * the client promised to send something within, capped by {@code max_keepalive}, and the watch
 * that closes a client silent for one and a half times that [MQTT-3.1.2-24]. The interval in force
 * is {@link ClientSettings#keepAliveSeconds()}.
 */
final class KeepAlive {

    private static final String WATCH = "keep-alive";

    private KeepAlive() {
    }

    /**
     * Whether the client's Keep Alive is longer than {@code max_keepalive} (0: no maximum). An
     * MQTT 3.1.1 client is refused for it; an MQTT 5 client is told the server's instead, in the
     * Server Keep Alive of CONNACK [MQTT-3.2.2-21].
     */
    static boolean exceedsMaximum(int requestedSeconds, int maxKeepalive) {
        return maxKeepalive > 0 && requestedSeconds > maxKeepalive;
    }

    /** Closes the connection, through an idle event, after one and a half Keep Alives of silence. */
    static void watch(ChannelHandlerContext ctx, int seconds) {
        if (seconds > 0) {
            ctx.pipeline().addBefore(ctx.name(), WATCH,
                    new IdleStateHandler(seconds * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
    }
}
