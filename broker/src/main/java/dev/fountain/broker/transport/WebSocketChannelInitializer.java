package dev.fountain.broker.transport;

import dev.fountain.broker.http.HttpEndpoints;
import dev.fountain.broker.protocol.BrokerContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.List;

/**
 * The pipeline of a WebSocket listener's connection (Mosquitto's {@code protocol websockets}):
 * HTTP, which serves files or upgrades to a WebSocket, then MQTT in binary frames
 * ({@link MqttOverWebSocket}), encrypted where the listener has TLS ({@code wss://}).
 */
final class WebSocketChannelInitializer extends ChannelInitializer<Channel> {

    /** The stages that serve HTTP; they leave the pipeline once it carries MQTT. */
    static final List<String> HTTP_ONLY = List.of("http-deadline", "http-chunks", "http-files");

    /**
     * Requests are aggregated whole, and only the upgrade and small GETs are expected: a client
     * cannot make the broker buffer more than this before it is even an MQTT connection.
     */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    /**
     * How long a connection may stay plain HTTP, serving files or not yet upgraded, counted from
     * its opening: as long as a new MQTT connection may take to CONNECT.
     */
    private static final int HTTP_SECONDS = 20;

    private final BrokerContext broker;
    private final ServerTls tls;
    private final StaticFiles files;
    private final HttpEndpoints endpoints;
    private final WebSocketServerProtocolConfig webSocket;

    /**
     * @param tls the listener's TLS, or {@code null}
     * @param files its {@code http_dir}, or {@code null}
     * @param endpoints what it answers besides files, or {@code null}
     */
    WebSocketChannelInitializer(BrokerContext broker, ServerTls tls, StaticFiles files, HttpEndpoints endpoints) {
        this.broker = broker;
        this.tls = tls;
        this.files = files;
        this.endpoints = endpoints;
        this.webSocket = WebSocketServerProtocolConfig.newBuilder()
                // Every path: StaticFileHandler lets only upgrade requests through.
                .websocketPath("/")
                .checkStartsWith(true)
                // The names Mosquitto accepts; a client that asks for none is accepted too.
                .subprotocols("mqtt, mqttv3.1")
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(broker.config().maxPacketSize())
                        // Text frames are refused whatever they hold.
                        .withUTF8Validator(false)
                        .build())
                .build();
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            tls.addTo(pipeline);
        }
        pipeline.addLast("http-deadline", new UpgradeDeadline(HTTP_SECONDS));
        pipeline.addLast("http-codec", new HttpServerCodec());
        pipeline.addLast("http-aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES));
        if (files != null) {
            pipeline.addLast("http-chunks", new ChunkedWriteHandler());
        }
        pipeline.addLast("http-files", new StaticFileHandler(files, endpoints));
        pipeline.addLast("websocket", new WebSocketServerProtocolHandler(webSocket));
        pipeline.addLast("mqtt-over-websocket", new MqttOverWebSocket(broker));
    }
}
