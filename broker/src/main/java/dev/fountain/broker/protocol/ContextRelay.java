package dev.fountain.broker.protocol;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.ChannelPromise;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;

/**
 * A connection's context as Netty's MQTT codec sees it when {@link Codec} runs the codec for the
 * connection instead of putting it in the connection's pipeline: everything goes to the
 * connection's own context except what a subclass takes (the decoded packet, the encoded bytes).
 * One instance per thread serves every connection of that thread, one call at a time.
 */
abstract class ContextRelay implements ChannelHandlerContext {

    /** The connection's context for the call under way; {@code null} between calls. */
    ChannelHandlerContext target;

    @Override
    public Channel channel() {
        return target.channel();
    }

    @Override
    public EventExecutor executor() {
        return target.executor();
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public ChannelHandler handler() {
        return target.handler();
    }

    @Override
    public boolean isRemoved() {
        return false;
    }

    @Override
    public ChannelHandlerContext fireChannelRegistered() {
        target.fireChannelRegistered();
        return this;
    }

    @Override
    public ChannelHandlerContext fireChannelUnregistered() {
        target.fireChannelUnregistered();
        return this;
    }

    @Override
    public ChannelHandlerContext fireChannelActive() {
        target.fireChannelActive();
        return this;
    }

    @Override
    public ChannelHandlerContext fireChannelInactive() {
        target.fireChannelInactive();
        return this;
    }

    @Override
    public ChannelHandlerContext fireExceptionCaught(Throwable cause) {
        target.fireExceptionCaught(cause);
        return this;
    }

    @Override
    public ChannelHandlerContext fireUserEventTriggered(Object event) {
        target.fireUserEventTriggered(event);
        return this;
    }

    @Override
    public ChannelHandlerContext fireChannelRead(Object msg) {
        target.fireChannelRead(msg);
        return this;
    }

    @Override
    public ChannelHandlerContext fireChannelReadComplete() {
        // The connection ends its reads itself; the decoder only says so when it is dropped.
        return this;
    }

    @Override
    public ChannelHandlerContext fireChannelWritabilityChanged() {
        target.fireChannelWritabilityChanged();
        return this;
    }

    @Override
    public ChannelHandlerContext read() {
        target.read();
        return this;
    }

    @Override
    public ChannelHandlerContext flush() {
        target.flush();
        return this;
    }

    @Override
    public ChannelPipeline pipeline() {
        return target.pipeline();
    }

    @Override
    public ByteBufAllocator alloc() {
        return target.alloc();
    }

    @Override
    @Deprecated
    public <T> Attribute<T> attr(AttributeKey<T> key) {
        return target.channel().attr(key);
    }

    @Override
    @Deprecated
    public <T> boolean hasAttr(AttributeKey<T> key) {
        return target.channel().hasAttr(key);
    }

    @Override
    public ChannelFuture bind(SocketAddress localAddress, ChannelPromise promise) {
        return target.bind(localAddress, promise);
    }

    @Override
    public ChannelFuture connect(SocketAddress remoteAddress, ChannelPromise promise) {
        return target.connect(remoteAddress, promise);
    }

    @Override
    public ChannelFuture connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
        return target.connect(remoteAddress, localAddress, promise);
    }

    @Override
    public ChannelFuture disconnect(ChannelPromise promise) {
        return target.disconnect(promise);
    }

    @Override
    public ChannelFuture close(ChannelPromise promise) {
        return target.close(promise);
    }

    @Override
    public ChannelFuture deregister(ChannelPromise promise) {
        return target.deregister(promise);
    }

    @Override
    public ChannelFuture write(Object msg, ChannelPromise promise) {
        return target.write(msg, promise);
    }

    @Override
    public ChannelFuture writeAndFlush(Object msg, ChannelPromise promise) {
        ChannelFuture future = write(msg, promise);
        target.flush();
        return future;
    }

    @Override
    public ChannelPromise newPromise() {
        return target.newPromise();
    }

    @Override
    public ChannelProgressivePromise newProgressivePromise() {
        return target.newProgressivePromise();
    }

    @Override
    public ChannelFuture newSucceededFuture() {
        return target.newSucceededFuture();
    }

    @Override
    public ChannelFuture newFailedFuture(Throwable cause) {
        return target.newFailedFuture(cause);
    }

    @Override
    public ChannelPromise voidPromise() {
        return target.voidPromise();
    }
}
