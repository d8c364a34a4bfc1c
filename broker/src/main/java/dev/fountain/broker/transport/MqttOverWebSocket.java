package dev.fountain.broker.transport;

import dev.fountain.broker.protocol.BrokerContext;
import dev.fountain.broker.protocol.MqttPipeline;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseCombiner;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * Carries MQTT in WebSocket binary frames ([MQTT-6.0.0-1]). Until the upgrade completes the
 * connection is HTTP, and the MQTT stages are not there yet: a browser that only fetches files
 * never counts as an MQTT connection, and the CONNECT timeout starts when the WebSocket is open.
 * Then the MQTT stages are added behind this one and see the channel become active.
 *
 * <p>Inbound, the content of binary and continuation frames goes to the MQTT decoder as it is: it
 * is a stream decoder, so a packet split over frames and several packets in one frame both work
 * ([MQTT-6.0.0-2]). A text frame closes the connection with status 1003 ([MQTT-6.0.0-1]).
 * Outbound, what the MQTT stages write until a flush goes out as one binary frame, so the
 * fifty PUBACKs of one read cost the browser one message event, not fifty; a batch past
 * {@link #MAX_BATCH} bytes is sent as a frame at once. Held writes count towards the channel's
 * write-buffer water mark, as any unflushed write does.
 */
final class MqttOverWebSocket extends ChannelDuplexHandler {

    private static final int MAX_BATCH = 64 * 1024;

    private final BrokerContext broker;
    private PendingWriteQueue batch;
    private boolean upgraded;

    MqttOverWebSocket(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        batch = new PendingWriteQueue(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        batch.removeAndFailAll(new ClosedChannelException());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof HandshakeComplete) {
            upgrade(ctx);
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void upgrade(ChannelHandlerContext ctx) {
        ChannelPipeline pipeline = ctx.pipeline();
        for (String httpStage : WebSocketChannelInitializer.HTTP_ONLY) {
            if (pipeline.get(httpStage) != null) {
                pipeline.remove(httpStage);
            }
        }
        MqttPipeline.addMqttHandlers(pipeline, broker);
        upgraded = true;
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (upgraded && (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame)) {
            ctx.fireChannelRead(((WebSocketFrame) msg).content());
            return;
        }
        ReferenceCountUtil.release(msg);
        if (msg instanceof TextWebSocketFrame) {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "MQTT travels in binary frames"));
            // The MQTT stages log it with the client's identifier and close, as for any bad packet.
            ctx.fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "it sent a WebSocket text frame; MQTT travels in binary frames"));
        } else {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (upgraded) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // Bad requests were answered (400, 413); a reset needs no answer and no log line.
        if (!(cause instanceof IOException)) {
            broker.log().notice("Client <unknown> from " + TlsHandshakeHandler.remote(ctx.channel())
                    + " disconnected during HTTP: " + cause + ".");
        }
        ctx.close();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.write(msg, promise);
            return;
        }
        batch.add(bytes, promise);
        if (batch.bytes() >= MAX_BATCH) {
            writeBatch(ctx);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeBatch(ctx);
        ctx.flush();
    }

    private void writeBatch(ChannelHandlerContext ctx) {
        int count = batch.size();
        if (count == 0) {
            return;
        }
        if (count == 1) {
            ByteBuf only = ((ByteBuf) batch.current()).retain();
            ctx.write(new BinaryWebSocketFrame(only), batch.remove());
            return;
        }
        CompositeByteBuf frame = ctx.alloc().compositeBuffer(count);
        PromiseCombiner promises = null;
        while (batch.current() instanceof ByteBuf bytes) {
            frame.addComponent(true, bytes.retain());
            ChannelPromise promise = batch.remove();
            if (!promise.isVoid()) {
                promises = promises != null ? promises : new PromiseCombiner(ctx.executor());
                promises.add(promise);
            }
        }
        ChannelPromise written = promises == null ? ctx.voidPromise() : ctx.newPromise();
        if (promises != null) {
            promises.finish(written);
        }
        ctx.write(new BinaryWebSocketFrame(frame), written);
    }
}
