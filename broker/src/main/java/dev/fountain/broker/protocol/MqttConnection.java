package dev.fountain.broker.protocol;

import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.session.ClientConnection;
import dev.fountain.broker.session.Session;
import dev.fountain.broker.stats.Meter;
import dev.fountain.broker.stats.Tally;
import dev.fountain.broker.store.Store;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One network connection: the MQTT state machine from CONNECT to close, one for all protocol
 * levels (3.1, 3.1.1 and 5); the differences live in {@link ClientSettings} and {@link Packets}. Packets
 * arrive decoded, are handled on the channel's event loop, and what they cause is written without
 * flushing; the flush comes once per read, so a client that sends fifty PUBLISH packets in one TCP
 * segment gets fifty PUBACKs in one write.
 *
 * <p>It is the connection's only MQTT stage: {@link PacketFramer}, which it extends, turns bytes into
 * packets, and it writes its packets as bytes itself ({@link Codec}, {@link PublishEncoder}). Its
 * deadlines (CONNECT, Keep Alive) are kept on its event loop's {@link ConnectionTimers}, with the
 * connection as the wheel's list node. Connections that are opened and never used are the cheapest
 * way to take a broker's memory, so what an idle connection keeps is this object and Netty's channel.
 *
 * <p>Every protocol violation closes this connection and no other, is logged with the reason, and
 * on MQTT 5 is first explained to the client in a DISCONNECT with a reason code.
 */
public final class MqttConnection extends PacketFramer implements ClientConnection {

    /**
     * The time a new connection has to send its CONNECT, counted from its opening. A deadline, not
     * an idle timer: trickled bytes must not keep a connection without CONNECT open.
     */
    static final long CONNECT_SECONDS = 20;
    /** {@link #timerTick} of a connection that is on no timer wheel. */
    static final long NO_TIMER = Long.MIN_VALUE;

    enum State { AWAITING_CONNECT, ATTACHING, CONNECTED, CLOSED }

    /** Why a connection ended, for the line logged when it is gone. */
    enum CloseReason { CLIENT_DISCONNECTED, PROTOCOL_ERROR, TAKEN_OVER, REFUSED, TIMEOUT }

    private final BrokerContext broker;
    private final BrokerLog log;
    private PacketDispatch dispatch;
    private ChannelHandlerContext ctx;
    /** The meters of this connection's event loop, the one thread that touches it. */
    private Tally tally;
    private State state = State.AWAITING_CONNECT;
    private CloseReason closeReason;
    private String clientId;
    private String username;
    private Will will;
    private Session session;
    private boolean needsFlush;
    /** Whether a DISCONNECT with a reason code went out, so the close must let the client read it. */
    private boolean disconnectSent;
    /** Packets pipelined behind CONNECT, while the session attaches; made when there are some. */
    private ArrayDeque<MqttMessage> heldWhileAttaching;
    private boolean counted;
    private ClientSettings client = ClientSettings.BEFORE_CONNECT;
    private TopicAliases topicAliases;
    /** The Session Expiry Interval in seconds, as CONNECT set it and DISCONNECT may change it. */
    private long sessionExpirySeconds;
    /** When the last read ended, on {@link ConnectionTimers}' clock: Keep Alive counts from there. */
    private long lastRead;
    // This connection's place on its loop's ConnectionTimers, which alone touches these.
    long timerTick = NO_TIMER;
    MqttConnection timerPrevious;
    MqttConnection timerNext;

    MqttConnection(BrokerContext broker) {
        super(broker.config().maxPacketSize());
        this.broker = broker;
        this.log = broker.log();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.tally = broker.stats().here();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int maxConnections = broker.config().maxConnections();
        int open = broker.connections().incrementAndGet();
        counted = true;
        tally.add(Meter.CONNECTIONS_OPENED);
        if (broker.config().connectionMessages() && log.enabled(LogType.NOTICE)) {
            log.notice("New connection from " + remote() + " on port " + localPort() + ".");
        }
        if (maxConnections >= 0 && open > maxConnections) {
            log.notice("Client connection from " + remote() + " denied: max_connections (" + maxConnections
                    + ") reached.");
            tally.add(Meter.REFUSED_MAX_CONNECTIONS);
            close(CloseReason.REFUSED);
            return;
        }
        long opened = ConnectionTimers.now(ctx.executor());
        ConnectionTimers.schedule(this, opened + TimeUnit.SECONDS.toNanos(CONNECT_SECONDS));
        ctx.fireChannelActive();
    }

    @Override
    void bytesRead(int bytes) {
        tally.add(Meter.BYTES_RECEIVED, bytes);
    }

    @Override
    boolean discarding() {
        return state == State.CLOSED || closeReason != null;
    }

    @Override
    void packetReceived(ChannelHandlerContext ctx, MqttMessage packet) {
        tally.add(Meter.PACKETS_RECEIVED);
        if (state == State.ATTACHING) {
            // Pipelined after CONNECT: handled once the session is ours.
            if (heldWhileAttaching == null) {
                heldWhileAttaching = new ArrayDeque<>(4);
                // No more reads until the session is attached: this read's packets are all it holds.
                // Only a client that pipelines pays the two epoll_ctl calls this costs.
                ctx.channel().config().setAutoRead(false);
            }
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
        PacketDispatch dispatch = dispatch();
        try {
            if (packet.decoderResult().isFailure()) {
                dispatch.connect().rejectUndecodable(packet.decoderResult().cause(), state == State.AWAITING_CONNECT);
            } else if (state == State.AWAITING_CONNECT) {
                dispatch.beforeConnack(packet);
            } else {
                dispatch.connected(packet);
            }
        } finally {
            ReferenceCountUtil.release(packet);
        }
    }

    /** The packet handlers of this connection, made when needed. */
    private PacketDispatch dispatch() {
        if (dispatch == null) {
            dispatch = new PacketDispatch(this, broker);
        }
        return dispatch;
    }

    /** A normal DISCONNECT: the Will Message is not published [MQTT-3.1.2-10]. */
    void dropWill() {
        will = null;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastRead = ConnectionTimers.now(ctx.executor());
        flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null && ctx.channel().isWritable()) {
            session.writable();
            flush();
        }
    }

    /**
     * Called by {@link ConnectionTimers} when this connection's deadline has come: the CONNECT
     * deadline before CONNECT, afterwards the time at which it would have been silent for one and a
     * half Keep Alives since the read it was set after [MQTT-3.1.2-24].
     */
    void deadlinePassed(long now) {
        if (state == State.AWAITING_CONNECT) {
            log.notice("Client " + remote() + " sent no CONNECT within " + CONNECT_SECONDS
                    + " seconds, closing the connection.");
            close(CloseReason.TIMEOUT);
            return;
        }
        long limit = KeepAlive.limitNanos(client.keepAliveSeconds());
        if (discarding() || limit == 0) {
            return;
        }
        if (now - lastRead < limit) {
            ConnectionTimers.schedule(this, lastRead + limit);
            return;
        }
        log.notice("Client " + clientId + " has exceeded timeout, disconnecting.");
        sendDisconnect(DisconnectReasonCode.KEEP_ALIVE_TIMEOUT, null);
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
        ConnectionTimers.cancel(this);
        State before = state;
        state = State.CLOSED;
        releaseHeld();
        if (dispatch != null) {
            dispatch.closed();
        }
        if (before == State.CONNECTED) {
            tally.add(Meter.CLIENTS_CONNECTED, -1);
        }
        if (before == State.CONNECTED || before == State.ATTACHING) {
            endSession();
            if (broker.config().connectionMessages() && log.enabled(LogType.NOTICE)) {
                if (closeReason == null) {
                    log.notice("Client " + clientId + " closed its connection.");
                } else if (closeReason == CloseReason.CLIENT_DISCONNECTED) {
                    log.notice("Client " + clientId + " disconnected.");
                }
            }
        }
        super.channelInactive(ctx);
    }

    private void releaseHeld() {
        if (heldWhileAttaching != null) {
            heldWhileAttaching.forEach(ReferenceCountUtil::release);
            heldWhileAttaching = null;
        }
    }

    /** Hands the session back with the will: now, or after its delay unless the client returns. */
    private void endSession() {
        Will pending = will;
        will = null;
        if (session == null) {
            if (pending != null) {
                dispatch().publish().publishWill(pending);
            }
            return;
        }
        Runnable publishWill = pending == null ? null : () -> dispatch().publish().publishWill(pending);
        if (pending != null && pending.delaySeconds() == 0) {
            publishWill.run();
            publishWill = null;
        }
        session.detach(this, publishWill, publishWill != null && session.stored() ? dispatch().publish().willMessage(pending)
                : null, pending == null ? 0 : pending.delaySeconds(), sessionExpirySeconds);
        session = null;
    }

    // Called by the packet handlers.

    /** The one place the connection learns what the client's CONNECT fixed. */
    void connectRead(ClientSettings settings) {
        this.client = settings;
    }

    void connectAccepted(String id, String user, Will newWill, long sessionExpiry) {
        this.clientId = id;
        this.username = user;
        this.will = newWill;
        this.sessionExpirySeconds = sessionExpiry;
        this.state = State.ATTACHING;
        long limit = KeepAlive.limitNanos(client.keepAliveSeconds());
        if (limit > 0) {
            lastRead = ConnectionTimers.now(ctx.executor());
            ConnectionTimers.schedule(this, lastRead + limit);
        } else {
            ConnectionTimers.cancel(this);
        }
    }

    @Override
    public void sessionAttached(Session attached, boolean sessionPresent) {
        this.session = attached;
        this.state = State.CONNECTED;
        tally.add(Meter.CLIENTS_CONNECTED);
        dispatch.connect().acknowledge(sessionPresent);
        if (dispatch.connectDone()) {
            // An idle client keeps no dispatch either; its next packet makes one.
            dispatch = null;
        }
        ArrayDeque<MqttMessage> held = heldWhileAttaching;
        if (held != null) {
            ctx.channel().config().setAutoRead(true);
        }
        while (held != null && !held.isEmpty() && closeReason == null) {
            handle(held.poll());
        }
        releaseHeld();
    }

    @Override
    public void takenOver(boolean sessionResumed) {
        log.notice("Client " + clientId + " already connected, closing old connection.");
        session = null;
        Will pending = will;
        will = null;
        // A delayed will is not sent: the session lives on with the new connection [MQTT-3.1.3-9].
        // Nor, as in Mosquitto 2, is any will when the client resumes its own persistent session:
        // a device reconnecting over a flaky link has not died.
        if (pending != null && pending.delaySeconds() == 0 && !sessionResumed) {
            dispatch().publish().publishWill(pending);
        }
        sendDisconnect(DisconnectReasonCode.SESSION_TAKEN_OVER, null);
        close(CloseReason.TAKEN_OVER);
    }

    /** Closes after a protocol violation, saying which; the Will Message is published [MQTT-3.1.2-8]. */
    void protocolError(String why) {
        closeWithReason(DisconnectReasonCode.PROTOCOL_ERROR, why);
    }

    /** Closes for a server-side reason, telling an MQTT 5 client which in a DISCONNECT. */
    void closeWithReason(DisconnectReasonCode reasonCode, String why) {
        log.notice("Client " + describe() + " disconnected due to " + reasonCode.text() + ": " + why + ".");
        sendDisconnect(reasonCode, why);
        close(CloseReason.PROTOCOL_ERROR);
    }

    private void sendDisconnect(DisconnectReasonCode reasonCode, String why) {
        // Only once CONNACK went out may the server send DISCONNECT [MQTT-3.14.0-1].
        if (client.isV5() && state == State.CONNECTED) {
            write(Packets.disconnect(client, reasonCode, why));
            disconnectSent = true;
        }
    }

    void close(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (state == State.AWAITING_CONNECT) {
            state = State.CLOSED;
        }
        if (disconnectSent) {
            needsFlush = false;
            LingeringClose.close(ctx);
        } else {
            flush();
            ctx.close();
        }
    }

    void write(MqttMessage packet) {
        Codec.here().encode(ctx, packet, tally);
        tally.add(Meter.PACKETS_SENT);
        needsFlush = true;
    }

    void debug(String line) {
        if (log.enabled(LogType.DEBUG)) {
            log.debug(line);
        }
    }

    /**
     * Whether debug lines are logged: a line about every message is built only then, since its
     * concatenation alone cost 3 % of the broker's CPU under fan-in QoS 1.
     */
    boolean debugging() {
        return log.enabled(LogType.DEBUG);
    }

    void sendPubrel(int packetId, PubrelReasonCode reasonCode) {
        if (debugging()) {
            debug("Sending PUBREL to " + clientId + " (m" + packetId + ")");
        }
        write(Packets.pubrel(client, packetId, reasonCode));
    }

    // ClientConnection, for the session.

    @Override
    public EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public boolean isOpen() {
        return state != State.CLOSED && closeReason == null && ctx.channel().isActive();
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public boolean fits(Message message, int qos, int[] subscriptionIds) {
        return client.maximumPacketSize() == 0
                || PublishEncoder.packetSize(client, message, qos, subscriptionIds) <= client.maximumPacketSize();
    }

    @Override
    public void sendPublish(Message message, int qos, boolean retain, boolean duplicate, int packetId,
            int[] subscriptionIds) {
        if (log.enabled(LogType.DEBUG)) {
            log.debug("Sending PUBLISH to " + clientId + " "
                    + PacketLog.publish(duplicate, qos, retain, packetId, message.topic(), message.payloadSize()));
        }
        tally.sent(qos);
        PublishEncoder.write(ctx, this, message, qos, retain, duplicate, packetId, subscriptionIds);
        tally.add(Meter.PACKETS_SENT);
        needsFlush = true;
    }

    @Override
    public void sendPubrel(int packetId) {
        sendPubrel(packetId, PubrelReasonCode.SUCCESS);
    }

    @Override
    public void flush() {
        if (needsFlush) {
            needsFlush = false;
            // Acknowledgements, CONNACKs and stored sessions' messages may depend on changes still
            // on their way to disk: they leave once the store has written them.
            Store store = broker.store();
            if (store.caughtUp()) {
                ctx.flush();
            } else {
                store.afterWritten(ctx.executor(), ctx::flush);
            }
        }
    }

    // For the packet handlers and the encoder.

    ClientSettings client() {
        return client;
    }

    Tally tally() {
        return tally;
    }

    /** This connection's topic aliases, made on first use. */
    TopicAliases topicAliases() {
        if (topicAliases == null) {
            topicAliases = new TopicAliases(client.topicAliasMaximum());
        }
        return topicAliases;
    }

    long sessionExpirySeconds() {
        return sessionExpirySeconds;
    }

    void sessionExpirySeconds(long seconds) {
        sessionExpirySeconds = seconds;
    }

    Session session() {
        return session;
    }

    String clientId() {
        return clientId;
    }

    String username() {
        return username;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    /** The client identifier once known, else the remote address. */
    String describe() {
        return clientId != null ? clientId : "<unknown> from " + remote();
    }

    String remote() {
        return Addresses.hostAndPort(ctx.channel().remoteAddress());
    }

    int localPort() {
        return Addresses.port(ctx.channel().localAddress());
    }
}
