package dev.fountain.broker.bridge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A bridge connection's keep-alive, as Mosquitto's {@code mosquitto__check_keepalive} does it: a
 * PINGREQ once nothing has been sent or received for the keep-alive interval, and the connection
 * given up when its PINGRESP has not come within as long again. Any packet read counts as traffic;
 * PINGRESP also ends the wait.
 */
final class KeepAlive extends IdleStateHandler {

    private final int seconds;
    private final MqttMessage pingreq;
    private final Runnable timedOut;
    private ScheduledFuture<?> waiting;

    KeepAlive(int seconds, MqttMessage pingreq, Runnable timedOut) {
        super(seconds, seconds, 0);
        this.seconds = seconds;
        this.pingreq = pingreq;
        this.timedOut = timedOut;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (waiting == null) {
            ctx.writeAndFlush(pingreq);
            waiting = ctx.executor().schedule(timedOut, seconds, TimeUnit.SECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (waiting != null && msg instanceof MqttMessage packet
                && packet.fixedHeader().messageType() == MqttMessageType.PINGRESP) {
            waiting.cancel(false);
            waiting = null;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (waiting != null) {
            waiting.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
