package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import javax.net.ssl.SSLException;

/**
 * The stages in front of the MQTT bytes for {@code --transport tls|ws|wss}, so the same scenarios
 * measure a broker's TLS and WebSocket listeners. TLS trusts whatever certificate the broker shows:
 * this measures cost, not trust. A WebSocket client sends each flushed buffer as one binary frame,
 * as browsers' MQTT.js does, and starts MQTT once the upgrade is done.
 */
final class Transports {

    private final String transport;
    private final String host;
    private final int port;
    private final SslContext ssl;

    Transports(String transport, String host, int port) {
        this.transport = transport;
        this.host = host;
        this.port = port;
        try {
            this.ssl = transport.equals("tls") || transport.equals("wss")
                    ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build() : null;
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Whether MQTT must wait for a WebSocket upgrade before its CONNECT. */
    boolean upgrades() {
        return transport.startsWith("ws");
    }

    /**
     * Adds the transport's stages to a new channel; for WebSocket, {@code upgraded} runs when the
     * upgrade is done.
     */
    void addStages(Channel channel, Runnable upgraded) {
        ChannelPipeline pipeline = channel.pipeline();
        if (ssl != null) {
            pipeline.addLast(ssl.newHandler(channel.alloc(), host, port));
        }
        if (!upgrades()) {
            return;
        }
        URI uri = URI.create((ssl != null ? "wss" : "ws") + "://" + host + ":" + port + "/mqtt");
        pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(uri,
                        WebSocketVersion.V13, "mqtt", false, new DefaultHttpHeaders(), 16 * 1024 * 1024)),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                            upgraded.run();
                        }
                        ctx.fireUserEventTriggered(event);
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
                            ctx.fireChannelRead(((io.netty.buffer.ByteBufHolder) msg).content());
                        } else {
                            ctx.fireChannelRead(msg);
                        }
                    }
                },
                new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                        ctx.write(msg instanceof ByteBuf bytes ? new BinaryWebSocketFrame(bytes) : msg, promise);
                    }
                });
    }
}
