package dev.fountain.broker.protocol;

import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.session.ClientConnection;
import dev.fountain.broker.session.Session;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One network connection: the MQTT state machine from CONNECT to close, for protocol levels 3
 * (3.1) and 4 (3.1.1). Packets arrive decoded, are handled on the channel's event loop, and what
 * they cause is written without flushing; the flush comes once per read, so a client that sends
 * fifty PUBLISH packets in one TCP segment gets fifty PUBACKs in one write.
 *
 * <p>Every protocol violation closes this connection and no other, and is logged with the reason.
 */
public final class MqttConnection extends ChannelInboundHandlerAdapter implements ClientConnection {

    /** How long a new connection may take to send CONNECT. */
    static final long CONNECT_TIMEOUT_SECONDS = 20;

    enum State { AWAITING_CONNECT, ATTACHING, CONNECTED, CLOSED }

    /** Why the broker closed a connection, for the line logged when it is gone. */
    enum CloseReason { CLIENT_DISCONNECTED, PROTOCOL_ERROR, TAKEN_OVER, REFUSED, TIMEOUT, SHUTDOWN }

    private final BrokerContext broker;
    private final BrokerLog log;
    private final ConnectHandler connectHandler;
    private final PublishHandler publishHandler;
    private final SubscribeHandler subscribeHandler;
    private ChannelHandlerContext ctx;
    private State state = State.AWAITING_CONNECT;
    private CloseReason closeReason;
    private MqttVersion version = MqttVersion.MQTT_3_1_1;
    private String clientId;
    private String username;
    private Will will;
    private Session session;
    private boolean needsFlush;
    private final ArrayDeque<MqttMessage> heldWhileAttaching = new ArrayDeque<>(0);
    private boolean counted;

    public MqttConnection(BrokerContext broker) {
        this.broker = broker;
        this.log = broker.log();
        this.connectHandler = new ConnectHandler(this, broker);
        this.publishHandler = new PublishHandler(this, broker);
        this.subscribeHandler = new SubscribeHandler(this, broker);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int maxConnections = broker.config().maxConnections();
        int open = broker.connections().incrementAndGet();
        counted = true;
        if (broker.config().connectionMessages()) {
            log.notice("New connection from " + remote() + " on port " + localPort() + ".");
        }
        if (maxConnections >= 0 && open > maxConnections) {
            log.notice("Client connection from " + remote() + " denied: max_connections (" + maxConnections
                    + ") reached.");
            close(CloseReason.REFUSED);
            return;
        }
        ctx.pipeline().addBefore(ctx.name(), "connect-timeout",
                new IdleStateHandler(CONNECT_TIMEOUT_SECONDS, 0, 0, TimeUnit.SECONDS));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MqttMessage packet = (MqttMessage) msg;
        if (state == State.ATTACHING) {
            // Pipelined after CONNECT: handled once the session is ours.
            heldWhileAttaching.add(packet);
            return;
        }
        if (state == State.CLOSED || closeReason != null) {
            // Closing: the rest of this read is not acted on.
            ReferenceCountUtil.release(packet);
            return;
        }
        handle(packet);
    }

    private void handle(MqttMessage packet) {
        try {
            if (packet.decoderResult().isFailure()) {
                connectHandler.rejectUndecodable(packet.decoderResult().cause(), state == State.AWAITING_CONNECT);
                return;
            }
            MqttMessageType type = packet.fixedHeader().messageType();
            if (state == State.AWAITING_CONNECT) {
                if (type == MqttMessageType.CONNECT) {
                    connectHandler.handle((MqttConnectMessage) packet);
                } else {
                    protocolError("its first packet was " + type + ", not CONNECT [MQTT-3.1.0-1]");
                }
                return;
            }
            switch (type) {
                case PUBLISH -> publishHandler.publish((MqttPublishMessage) packet);
                case PUBACK -> {
                    int id = packetId(packet);
                    debug("Received PUBACK from " + clientId + " (Mid: " + id + ", RC:0)");
                    session.acknowledged(id);
                }
                case PUBREC -> {
                    int id = packetId(packet);
                    debug("Received PUBREC from " + clientId + " (Mid: " + id + ")");
                    session.received(id);
                    sendPubrel(id);
                }
                case PUBREL -> publishHandler.release(packetId(packet));
                case PUBCOMP -> {
                    int id = packetId(packet);
                    debug("Received PUBCOMP from " + clientId + " (Mid: " + id + ", RC:0)");
                    session.completed(id);
                }
                case SUBSCRIBE -> subscribeHandler.subscribe((MqttSubscribeMessage) packet);
                case UNSUBSCRIBE -> subscribeHandler.unsubscribe((MqttUnsubscribeMessage) packet);
                case PINGREQ -> {
                    debug("Received PINGREQ from " + clientId);
                    debug("Sending PINGRESP to " + clientId);
                    write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false,
                            MqttQoS.AT_MOST_ONCE, false, 0)));
                }
                case DISCONNECT -> {
                    debug("Received DISCONNECT from " + clientId);
                    will = null;
                    close(CloseReason.CLIENT_DISCONNECTED);
                }
                case CONNECT -> protocolError("it sent a second CONNECT [MQTT-3.1.0-2]");
                default -> protocolError("it sent " + type + ", which only a server sends");
            }
        } finally {
            ReferenceCountUtil.release(packet);
        }
    }

    private static int packetId(MqttMessage packet) {
        return ((MqttMessageIdVariableHeader) packet.variableHeader()).messageId();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null && ctx.channel().isWritable()) {
            session.writable();
            flush();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (state == State.AWAITING_CONNECT) {
            log.notice("Client " + remote() + " sent no CONNECT within " + CONNECT_TIMEOUT_SECONDS
                    + " seconds, closing the connection.");
        } else {
            log.notice("Client " + clientId + " has exceeded timeout, disconnecting.");
        }
        close(CloseReason.TIMEOUT);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // A reset or broken pipe: the client went away, which channelInactive reports.
            ctx.close();
            return;
        }
        if (state != State.CLOSED) {
            log.notice("Client " + describe() + " disconnected: " + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage());
        }
        close(CloseReason.PROTOCOL_ERROR);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            broker.connections().decrementAndGet();
        }
        State before = state;
        state = State.CLOSED;
        heldWhileAttaching.forEach(ReferenceCountUtil::release);
        heldWhileAttaching.clear();
        if (before == State.CONNECTED || before == State.ATTACHING) {
            publishWill();
            if (session != null) {
                session.detach(this);
                session = null;
            }
            if (broker.config().connectionMessages()) {
                if (closeReason == null) {
                    log.notice("Client " + clientId + " closed its connection.");
                } else if (closeReason == CloseReason.CLIENT_DISCONNECTED) {
                    log.notice("Client " + clientId + " disconnected.");
                }
            }
        }
        ctx.fireChannelInactive();
    }

    // Called by the packet handlers.

    void connectAccepted(MqttVersion protocol, String id, String user, Will newWill, int keepAliveSeconds) {
        this.version = protocol;
        this.clientId = id;
        this.username = user;
        this.will = newWill;
        this.state = State.ATTACHING;
        ctx.pipeline().remove("connect-timeout");
        if (keepAliveSeconds > 0) {
            // [MQTT-3.1.2-24]: one and a half times the keep alive
            ctx.pipeline().addBefore(ctx.name(), "keep-alive",
                    new IdleStateHandler(keepAliveSeconds * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void sessionAttached(Session attached, boolean sessionPresent) {
        this.session = attached;
        this.state = State.CONNECTED;
        connectHandler.acknowledge(sessionPresent);
        ctx.channel().config().setAutoRead(true);
        while (!heldWhileAttaching.isEmpty() && closeReason == null) {
            handle(heldWhileAttaching.poll());
        }
        heldWhileAttaching.forEach(ReferenceCountUtil::release);
        heldWhileAttaching.clear();
    }

    @Override
    public void takenOver() {
        log.notice("Client " + clientId + " already connected, closing old connection.");
        session = null;
        publishWill();
        close(CloseReason.TAKEN_OVER);
    }

    /** Closes after a protocol violation, saying which; the Will Message is published [MQTT-3.1.2-8]. */
    void protocolError(String why) {
        log.notice("Client " + describe() + " disconnected due to protocol error: " + why + ".");
        close(CloseReason.PROTOCOL_ERROR);
    }

    void close(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (state == State.AWAITING_CONNECT) {
            state = State.CLOSED;
        }
        flush();
        ctx.close();
    }

    private void publishWill() {
        Will pending = will;
        will = null;
        if (pending != null) {
            publishHandler.publishWill(pending);
        }
    }

    void write(Object packet) {
        ctx.write(packet, ctx.voidPromise());
        needsFlush = true;
    }

    void debug(String line) {
        if (log.enabled(LogType.DEBUG)) {
            log.debug(line);
        }
    }

    // ClientConnection, for the session.

    @Override
    public EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public boolean isOpen() {
        return state != State.CLOSED && ctx.channel().isActive();
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void sendPublish(Message message, int qos, boolean retain, boolean duplicate, int packetId) {
        if (log.enabled(LogType.DEBUG)) {
            log.debug("Sending PUBLISH to " + clientId + " "
                    + PacketLog.publish(duplicate, qos, retain, packetId, message.topic(), message.payloadSize()));
        }
        write(new OutboundPublish(message, qos, retain, duplicate, packetId));
    }

    @Override
    public void sendPubrel(int packetId) {
        debug("Sending PUBREL to " + clientId + " (m" + packetId + ")");
        write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 2),
                MqttMessageIdVariableHeader.from(packetId)));
    }

    @Override
    public void flush() {
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    // For the packet handlers.

    Session session() {
        return session;
    }

    String clientId() {
        return clientId;
    }

    String username() {
        return username;
    }

    MqttVersion version() {
        return version;
    }

    Channel channel() {
        return ctx.channel();
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    /** The client identifier once known, else the remote address. */
    String describe() {
        return clientId != null ? clientId : "<unknown> from " + remote();
    }

    String remote() {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress address) {
            return address.getAddress().getHostAddress() + ":" + address.getPort();
        }
        return String.valueOf(ctx.channel().remoteAddress());
    }

    int localPort() {
        if (ctx.channel().localAddress() instanceof InetSocketAddress address) {
            return address.getPort();
        }
        return 0;
    }
}
