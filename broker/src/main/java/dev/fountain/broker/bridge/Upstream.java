package dev.fountain.broker.bridge;

import dev.fountain.broker.config.Bridge;
import dev.fountain.broker.config.BridgeTopic;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.session.AckOutcome;
import dev.fountain.broker.session.Session;
import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import dev.fountain.broker.stats.Tally;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a bridge to its remote broker, on the bridge's event loop: CONNECT and
 * CONNACK; then the bridge's own packets (the notification "1", a SUBSCRIBE for each incoming
 * topic, an UNSUBSCRIBE for each outgoing-only one); once the remote broker has acknowledged those,
 * messages both ways, and keep-alive. The bridge's packets go out before the session's, and their
 * packet identifiers are ones the session has not in flight, so the two never share one
 * [MQTT-2.3.1-2].
 *
 * <p>The whole setup, from the TCP connection to the last SUBACK, must finish within the
 * keep-alive interval; after it, {@link KeepAlive} keeps the connection honest.
 */
final class Upstream extends ChannelInboundHandlerAdapter {

    enum Phase { CONNECTING, SUBSCRIBING, READY, CLOSED }

    private final BridgeClient client;
    private final Bridge bridge;
    private final UpstreamPackets packets;
    private final BrokerLog log;
    private final BrokerStats stats;
    private final String remote;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.CONNECTING;
    /** The bridge's own packets awaiting their acknowledgement, by packet identifier. */
    private final IntObjectHashMap<String> pending = new IntObjectHashMap<>(4);
    private int nextId = 1;
    private RemoteLimits limits;
    private boolean needsFlush;
    /** Whether the reason this connection ends has been logged. */
    private boolean logged;
    private ScheduledFuture<?> setupDeadline;

    Upstream(BridgeClient client, String remote) {
        this.client = client;
        this.bridge = client.bridge();
        this.packets = client.packets();
        this.log = client.log();
        this.stats = client.stats();
        this.remote = remote;
        this.limits = RemoteLimits.defaults(bridge.keepAliveSeconds());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int seconds = bridge.keepAliveSeconds();
        setupDeadline = ctx.executor().schedule(() -> fail(LogType.ERROR, "Error creating bridge: " + remote
                + " did not finish the connection within keepalive_interval (" + seconds + " s)."), seconds,
                TimeUnit.SECONDS);
        boolean will = bridge.notifications() && !bridge.notificationsLocalOnly();
        stats.here().add(Meter.PACKETS_SENT);
        ctx.writeAndFlush(packets.connect(bridge, will ? client.notificationQos() : -1, client.retainOutgoing(),
                client.maxPacketSize()));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MqttMessage packet = (MqttMessage) msg;
        stats.here().add(Meter.PACKETS_RECEIVED);
        try {
            if (packet.decoderResult().isFailure()) {
                fail(LogType.ERROR, "Bridge " + bridge.name() + " received a malformed packet from " + remote + ": "
                        + packet.decoderResult().cause().getMessage());
            } else if (phase == Phase.CONNECTING) {
                if (packet.fixedHeader().messageType() == MqttMessageType.CONNACK) {
                    connack((MqttConnAckMessage) packet);
                } else {
                    fail(LogType.ERROR, "Bridge " + bridge.name() + ": " + remote + " sent "
                            + packet.fixedHeader().messageType() + " before CONNACK, a protocol error.");
                }
            } else if (phase != Phase.CLOSED) {
                connected(packet);
            }
        } finally {
            ReferenceCountUtil.release(packet);
        }
    }

    private void connected(MqttMessage packet) {
        switch (packet.fixedHeader().messageType()) {
            case PUBLISH -> publish((MqttPublishMessage) packet);
            case PUBACK -> puback(UpstreamPackets.packetId(packet), UpstreamPackets.reasonCode(packet));
            case PUBREC -> pubrec(UpstreamPackets.packetId(packet), UpstreamPackets.reasonCode(packet));
            case PUBREL -> {
                client.releasedQos2(UpstreamPackets.packetId(packet));
                write(packets.ack(MqttMessageType.PUBCOMP, UpstreamPackets.packetId(packet)));
            }
            case PUBCOMP -> {
                if (phase == Phase.READY) {
                    client.session().completed(UpstreamPackets.packetId(packet));
                }
            }
            case SUBACK -> suback((MqttSubAckMessage) packet);
            case UNSUBACK -> acknowledged(UpstreamPackets.packetId(packet));
            case PINGRESP -> {
                // KeepAlive, before this handler, has taken note.
            }
            case DISCONNECT -> {
                int code = packet.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header
                        ? header.reasonCode() & 0xFF : 0;
                fail(LogType.NOTICE, "Bridge " + bridge.name() + " was disconnected by " + remote + ": "
                        + ReasonText.reason(code) + "." + (phase == Phase.SUBSCRIBING ? dollarTopicHint() : ""));
            }
            default -> fail(LogType.ERROR, "Bridge " + bridge.name() + ": " + remote + " sent "
                    + packet.fixedHeader().messageType() + ", which a server does not send.");
        }
    }

    private void connack(MqttConnAckMessage connack) {
        MqttConnectReturnCode code = connack.variableHeader().connectReturnCode();
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            client.refused(code.byteValue() & 0xFF);
            fail(LogType.ERROR, "Connection Refused: " + ReasonText.connack(code.byteValue() & 0xFF, packets.v5()));
            return;
        }
        if (packets.v5()) {
            limits = RemoteLimits.of(connack.variableHeader().properties(), bridge.keepAliveSeconds());
        }
        client.connected(connack.variableHeader().isSessionPresent(), limits.maximumQos(), limits.retainAvailable());
        if (limits.keepAliveSeconds() > 0) {
            ctx.pipeline().addBefore(ctx.name(), "keep-alive", new KeepAlive(limits.keepAliveSeconds(),
                    packets.pingreq(),
                    () -> fail(LogType.NOTICE, "Client " + bridge.localClientId() + " has exceeded timeout, "
                            + "disconnecting.")));
        }
        phase = Phase.SUBSCRIBING;
        if (bridge.notifications() && !bridge.notificationsLocalOnly()) {
            int qos = client.notificationQos();
            int id = qos > 0 ? control("notification") : 0;
            write(packets.publish(bridge.notificationTopic(), Notifications.UP, qos, client.retainOutgoing(), id));
        }
        for (BridgeTopic topic : bridge.topics()) {
            if (topic.direction().in()) {
                int qos = Math.min(topic.qos(), limits.maximumQos());
                int id = control(topic.remoteTopic());
                debug("Bridge " + bridge.localClientId() + " sending SUBSCRIBE (Mid: " + id + ", Topic: "
                        + topic.remoteTopic() + ", QoS: " + qos + ")");
                write(packets.subscribe(id, topic.remoteTopic(), qos));
            } else if (bridge.attemptUnsubscribe()) {
                int id = control(topic.remoteTopic());
                debug("Bridge " + bridge.localClientId() + " sending UNSUBSCRIBE (Mid: " + id + ", Topic: "
                        + topic.remoteTopic() + ")");
                write(packets.unsubscribe(id, topic.remoteTopic()));
            }
        }
        flush();
        if (pending.isEmpty()) {
            ready();
        }
    }

    /**
     * Some brokers (HiveMQ) take no PUBLISH or will on a topic that starts with '$', and end the
     * connection of a client that sends one: Mosquitto's default notification topic is such a topic.
     */
    private String dollarTopicHint() {
        return bridge.notifications() && !bridge.notificationsLocalOnly() && bridge.notificationTopic().startsWith("$")
                ? " If that broker takes no messages on $ topics, set notification_topic to another topic, or "
                        + "notifications_local_only true." : "";
    }

    private void ready() {
        setupDeadline.cancel(false);
        phase = Phase.READY;
        client.ready(this, limits.receiveMaximum());
    }

    /** A packet identifier for the bridge's own packet, neither pending nor in the session's window. */
    private int control(String what) {
        Session session = client.session();
        while (true) {
            int id = nextId;
            nextId = id == 65_535 ? 1 : id + 1;
            if (!pending.containsKey(id) && !session.packetIdInUse(id)) {
                pending.put(id, what);
                return id;
            }
        }
    }

    private boolean acknowledged(int packetId) {
        if (pending.remove(packetId) == null) {
            return false;
        }
        if (pending.isEmpty() && phase == Phase.SUBSCRIBING) {
            ready();
        }
        return true;
    }

    private void suback(MqttSubAckMessage suback) {
        int id = suback.variableHeader().messageId();
        String filter = pending.get(id);
        List<Integer> codes = suback.payload().reasonCodes();
        if (filter != null && !codes.isEmpty() && codes.get(0) >= 0x80) {
            log.error("Bridge " + bridge.name() + ": " + remote + " refused the subscription to '" + filter + "' ("
                    + (packets.v5() ? ReasonText.reason(codes.get(0)) : "failure") + "); nothing comes in on it.");
        }
        acknowledged(id);
    }

    private void publish(MqttPublishMessage publish) {
        int qos = publish.fixedHeader().qosLevel().value();
        int id = publish.variableHeader().packetId();
        stats.here().received(qos);
        if (log.enabled(LogType.DEBUG)) {
            debug("Bridge " + bridge.localClientId() + " received PUBLISH (d"
                    + (publish.fixedHeader().isDup() ? 1 : 0) + ", q" + qos + ", r"
                    + (publish.fixedHeader().isRetain() ? 1 : 0) + ", m" + id + ", '"
                    + publish.variableHeader().topicName() + "', ... (" + publish.payload().readableBytes()
                    + " bytes))");
        }
        switch (qos) {
            case 0 -> client.route(publish, ctx.alloc());
            case 1 -> {
                client.route(publish, ctx.alloc());
                write(packets.ack(MqttMessageType.PUBACK, id));
            }
            default -> {
                // Method B, as for a client's QoS 2 PUBLISH: routed the first time, PUBREC every time.
                if (client.firstQos2(id)) {
                    client.route(publish, ctx.alloc());
                }
                write(packets.ack(MqttMessageType.PUBREC, id));
            }
        }
    }

    private void puback(int packetId, int reasonCode) {
        if (acknowledged(packetId) || phase != Phase.READY) {
            return;
        }
        if (reasonCode >= 0x80) {
            if (log.enabled(LogType.DEBUG)) {
                debug("Bridge " + bridge.localClientId() + ": " + remote + " did not take message " + packetId + ": "
                        + ReasonText.reason(reasonCode));
            }
        }
        client.session().acknowledged(packetId);
    }

    private void pubrec(int packetId, int reasonCode) {
        if (phase != Phase.READY) {
            return;
        }
        Session session = client.session();
        AckOutcome outcome = session.received(packetId);
        if (reasonCode >= 0x80) {
            // An MQTT 5 PUBREC with a failure ends the exchange there (section 4.3.3).
            session.completed(packetId);
        } else if (outcome != AckOutcome.WRONG_KIND) {
            write(packets.ack(MqttMessageType.PUBREL, packetId));
        }
    }

    // For the local session, through LocalSide.

    boolean writable() {
        return phase == Phase.READY && ctx.channel().isWritable();
    }

    /** Whether a PUBLISH of {@code message} stays within bridge_max_packet_size and the remote broker's limit. */
    boolean fits(Message message, int qos) {
        long limit = Math.min(bridge.maxPacketSize() > 0 ? bridge.maxPacketSize() : Long.MAX_VALUE,
                limits.maximumPacketSize() > 0 ? limits.maximumPacketSize() : Long.MAX_VALUE);
        return limit == Long.MAX_VALUE
                || packets.publishSize(client.topics().toRemote(message.topic()), message, qos) <= limit;
    }

    /** Sends a message of the local session; takes over one reference. */
    void publish(Message message, int qos, boolean retain, boolean duplicate, int packetId) {
        try {
            if (phase == Phase.READY && ctx.channel().isActive()) {
                String topic = client.topics().toRemote(message.topic());
                boolean keep = retain && client.retainOutgoing();
                if (log.enabled(LogType.DEBUG)) {
                    debug("Bridge " + bridge.localClientId() + " sending PUBLISH (d" + (duplicate ? 1 : 0) + ", q"
                            + qos + ", r" + (keep ? 1 : 0) + ", m" + packetId + ", '" + topic + "', ... ("
                            + message.payloadSize() + " bytes))");
                }
                packets.writePublish(ctx.channel(), topic, message, qos, keep, duplicate, packetId);
                Tally tally = stats.here();
                tally.add(Meter.PACKETS_SENT);
                tally.sent(qos);
                needsFlush = true;
            }
        } finally {
            message.release();
        }
    }

    void pubrel(int packetId) {
        write(packets.ack(MqttMessageType.PUBREL, packetId));
    }

    void flush() {
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    // Keep-alive, and the end.

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            fail(LogType.ERROR, "Error creating bridge: TLS handshake with " + remote + " failed: "
                    + handshake.cause().getMessage() + ".");
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (phase == Phase.READY && ctx.channel().isWritable()) {
            client.session().writable();
            flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(LogType.NOTICE, "Socket error on client " + bridge.localClientId() + ", disconnecting.");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean wasReady = phase == Phase.READY;
        phase = Phase.CLOSED;
        if (setupDeadline != null) {
            setupDeadline.cancel(false);
        }
        if (!logged) {
            logged = true;
            if (wasReady) {
                client.logConnection("Socket error on client " + bridge.localClientId() + ", disconnecting.");
            } else {
                log.error("Error creating bridge: " + remote + " closed the connection before the bridge was set up.");
            }
        }
        client.lost(this, wasReady);
        ctx.fireChannelInactive();
    }

    /** Ends this connection as the broker stops: the remote broker still publishes the bridge's "0". */
    void shutdown() {
        logged = true;
        MqttMessage disconnect = packets.disconnectWithWill();
        if (disconnect != null && ctx.channel().isActive()) {
            stats.here().add(Meter.PACKETS_SENT);
            ctx.writeAndFlush(disconnect);
        }
        ctx.close();
    }

    /** Ends this connection because of {@code line}, which is logged once. */
    void fail(LogType type, String line) {
        if (!logged) {
            logged = true;
            if (type != LogType.NOTICE || client.connectionMessages()) {
                log.log(type, line);
            }
        }
        ctx.close();
    }

    private void write(MqttMessage packet) {
        stats.here().add(Meter.PACKETS_SENT);
        ctx.write(packet, ctx.voidPromise());
        needsFlush = true;
    }

    private void debug(String line) {
        if (log.enabled(LogType.DEBUG)) {
            log.debug(line);
        }
    }

}
