package dev.fountain.broker.bridge;

import dev.fountain.broker.config.Bridge;
import dev.fountain.broker.config.Bridge.Address;
import dev.fountain.broker.config.Bridge.StartType;
import dev.fountain.broker.config.BridgeTopic;
import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.routing.RetainedMessages;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.routing.Subscription;
import dev.fountain.broker.session.Session;
import dev.fountain.broker.session.Sessions;
import dev.fountain.broker.stats.BrokerStats;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One bridge, for as long as the broker runs: its local session, which subscribes to the outgoing
 * topics with No Local and holds what waits for the remote broker; and connections to the remote
 * broker, one {@link Upstream} at a time, made again after {@code restart_timeout} whenever one is
 * lost or refused, through the next address. With {@code round_robin false} the first address is
 * the main one: while connected to another, the bridge checks every 5 seconds whether the main one
 * accepts connections again, and if so reconnects there, as Mosquitto's {@code bridge_check} does.
 *
 * <p>Everything runs on one event loop, the session's and every connection's, so nothing here is
 * locked, and no step blocks it: host names are resolved on Netty's global executor.
 */
final class BridgeClient {

    /** Mosquitto's interval for trying the main address again while on another. */
    private static final int PRIMARY_RETRY_SECONDS = 5;

    private final Bridge bridge;
    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelClass;
    private final SslContext ssl;
    private final Sessions sessions;
    private final RetainedMessages retained;
    private final BrokerConfig config;
    private final BrokerLog log;
    private final TopicMap topics;
    private final UpstreamPackets packets;
    private final Inbound inbound;
    private final Notifications notifications;
    private final Backoff backoff;
    private final LocalSide local;

    // Owned by the event loop.
    private Session session;
    private Upstream upstream;
    private int address;
    private boolean backToMain;
    private boolean closed;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> mainCheck;
    /** Incoming QoS 2 packet identifiers awaiting PUBREL; they belong to the remote session. */
    private final IntObjectHashMap<Boolean> unreleased = new IntObjectHashMap<>(4);
    /** The remote broker's Maximum QoS and Retain Available, from its last CONNACK. */
    private int remoteMaximumQos = 2;
    private boolean remoteRetainAvailable = true;
    /** Whether the remote broker has not refused the bridge protocol level; Mosquitto's try_private_accepted. */
    private boolean privateAccepted = true;

    BridgeClient(Bridge bridge, EventLoop loop, Class<? extends SocketChannel> channelClass, SslContext ssl,
            Sessions sessions, Router router, BrokerConfig config, BrokerLog log) {
        this.bridge = bridge;
        this.loop = loop;
        this.channelClass = channelClass;
        this.ssl = ssl;
        this.sessions = sessions;
        this.retained = router.retained();
        this.config = config;
        this.log = log;
        this.topics = new TopicMap(bridge.topics());
        this.packets = new UpstreamPackets(bridge.protocolVersion());
        this.inbound = new Inbound(bridge.name(), topics, router, config, log);
        this.notifications = new Notifications(bridge.notificationTopic(), router);
        this.backoff = new Backoff(bridge.restartTimeout(), ThreadLocalRandom.current());
        this.local = new LocalSide(loop);
    }

    /** Opens the local session and connects; returns at once. */
    void start() {
        loop.execute(() -> {
            session = sessions.forBridge(bridge.localClientId(), loop);
            for (BridgeTopic topic : bridge.topics()) {
                if (topic.direction().out()) {
                    // No Local: what came in from the remote broker does not go back to it. Retain
                    // As Published: retained messages cross as retained, as with Mosquitto's bridge.
                    session.tell(s -> s.subscribe(new Subscription(s, topic.localTopic(), topic.qos(), true, true,
                            0, 0)));
                }
            }
            if (bridge.notifications()) {
                notifications.local(Notifications.DOWN, notificationQos(), session);
            }
            connect();
        });
    }

    /** Closes the connection and ends the local session; completes on the event loop. */
    Future<?> close() {
        return loop.submit(() -> {
            closed = true;
            cancel(retry);
            cancel(mainCheck);
            if (upstream != null) {
                upstream.shutdown();
            }
            if (session != null) {
                session.shutdown();
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        backoff.attempt();
        Address target = bridge.addresses().get(address);
        log.notice("Connecting bridge " + bridge.name() + " (" + target + ")");
        resolve(target, resolved -> open(target, resolved), () -> {
            log.error("Error creating bridge: " + target.host() + ": Name or service not known.");
            failed();
        });
    }

    /**
     * Looks {@code target} up on Netty's global executor, since the JDK's lookup blocks, and goes
     * on with the result on the event loop.
     */
    private void resolve(Address target, Consumer<InetSocketAddress> then, Runnable unknown) {
        GlobalEventExecutor.INSTANCE.execute(() -> {
            try {
                InetSocketAddress resolved = new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
                loop.execute(() -> then.accept(resolved));
            } catch (UnknownHostException e) {
                loop.execute(unknown);
            }
        });
    }

    private void open(Address target, InetSocketAddress resolved) {
        if (closed) {
            return;
        }
        Upstream connection = new Upstream(this, target.toString());
        upstream = connection;
        ChannelFuture connecting = new Bootstrap().group(loop).channel(channelClass)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, bridge.keepAliveSeconds() * 1000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (ssl != null) {
                            channel.pipeline().addLast("tls", ssl.newHandler(channel.alloc(), target.host(),
                                    target.port()));
                        }
                        // A bridge's traffic is the broker's traffic, counted as a client's is.
                        channel.pipeline().addLast("mqtt-bytes", new BridgeBytes(sessions.stats()));
                        channel.pipeline().addLast("mqtt-decoder", new MqttDecoder(config.maxPacketSize()));
                        if (bridge.tryPrivate() && privateAccepted && !packets.v5()) {
                            channel.pipeline().addLast("private-protocol-level", new PrivateProtocolLevel());
                        }
                        channel.pipeline().addLast("mqtt-encoder", MqttEncoder.INSTANCE);
                        channel.pipeline().addLast("upstream", connection);
                    }
                })
                .connect(resolved);
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                upstream = null;
                log.error("Error creating bridge: " + reason(done.cause()) + ".");
                failed();
            }
        });
    }

    // Called by the Upstream of the moment, on the event loop.

    /** CONNACK accepted: the remote session is present or new, and these are its limits. */
    void connected(boolean sessionPresent, int maximumQos, boolean retainAvailable) {
        if (!sessionPresent) {
            // A new remote session: identifiers it had for QoS 2 messages are gone with it.
            unreleased.clear();
        }
        remoteMaximumQos = maximumQos;
        remoteRetainAvailable = retainAvailable;
    }

    /**
     * A CONNACK refusal. MQTT 3.1.1's code 1 after the bridge protocol level means the remote broker
     * does not know it: as Mosquitto does, the next attempts send the plain level.
     */
    void refused(int code) {
        if (code == 1 && bridge.tryPrivate() && privateAccepted && !packets.v5()) {
            privateAccepted = false;
            log.notice("Bridge " + bridge.name() + ": the remote broker refused the bridge protocol level "
                    + "(try_private); connecting as an ordinary client from now on.");
        }
    }

    /** The remote broker has the bridge's subscriptions: messages may flow. */
    void ready(Upstream connection, int receiveMaximum) {
        backoff.connected();
        local.upstream(connection);
        for (BridgeTopic topic : bridge.topics()) {
            if (topic.direction().out() && topic.qos() > remoteMaximumQos) {
                session.tell(s -> s.subscribe(new Subscription(s, topic.localTopic(), remoteMaximumQos, true, true,
                        0, 0)));
            }
        }
        // Sends what is in flight again, with DUP, then what waits; as Mosquitto does, the retained
        // messages of the outgoing topics follow on every connection.
        session.attach(local, null, false, Session.NEVER_EXPIRES, receiveMaximum);
        for (BridgeTopic topic : bridge.topics()) {
            if (topic.direction().out()) {
                int qos = Math.min(topic.qos(), remoteMaximumQos);
                session.tell(s -> retained.forEachMatching(topic.localTopic(),
                        message -> s.deliverRetained(message, Math.min(qos, message.qos()), null)));
            }
        }
        if (bridge.notifications()) {
            notifications.local(Notifications.UP, notificationQos(), session);
        }
        if (!bridge.roundRobin() && address != 0) {
            mainCheck = loop.schedule(this::checkMain, PRIMARY_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The connection is gone, set up or not. */
    void lost(Upstream connection, boolean wasReady) {
        if (upstream == connection) {
            upstream = null;
        }
        local.upstream(null);
        cancel(mainCheck);
        if (wasReady && bridge.notifications() && !closed) {
            notifications.local(Notifications.DOWN, notificationQos(), session);
        }
        failed();
    }

    private void failed() {
        if (closed) {
            return;
        }
        if (bridge.startType() == StartType.ONCE) {
            log.notice("Bridge " + bridge.name() + " is not restarted: its start_type is once.");
            return;
        }
        address = backToMain ? 0 : (address + 1) % bridge.addresses().size();
        backToMain = false;
        retry = loop.schedule(this::connect, backoff.seconds(), TimeUnit.SECONDS);
    }

    /**
     * While connected through another address, whether the main one takes a TCP connection again;
     * every check is for the connection it started with, so one that ends meanwhile ends the checks.
     */
    private void checkMain() {
        Upstream on = upstream;
        if (closed || on == null || address == 0) {
            return;
        }
        Address main = bridge.addresses().get(0);
        Runnable later = () -> {
            if (upstream == on && !closed) {
                mainCheck = loop.schedule(this::checkMain, PRIMARY_RETRY_SECONDS, TimeUnit.SECONDS);
            }
        };
        resolve(main, resolved -> new Bootstrap().group(loop).channel(channelClass)
                .resolver(NoopAddressResolverGroup.INSTANCE).handler(new ChannelInboundHandlerAdapter())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, PRIMARY_RETRY_SECONDS * 1000)
                .connect(resolved).addListener((ChannelFuture probe) -> {
                    if (!probe.isSuccess()) {
                        later.run();
                        return;
                    }
                    probe.channel().close();
                    if (upstream == on && !closed) {
                        log.notice("Bridge " + bridge.name() + ": its main address " + main
                                + " takes connections again; reconnecting there.");
                        backToMain = true;
                        on.shutdown();
                    }
                }), later);
    }

    void route(MqttPublishMessage publish, ByteBufAllocator alloc) {
        inbound.route(publish, packets.v5(), session, alloc);
    }

    /** Whether an incoming QoS 2 message is new, rather than a resend of one not yet released. */
    boolean firstQos2(int packetId) {
        return unreleased.put(packetId, Boolean.TRUE) == null;
    }

    void releasedQos2(int packetId) {
        unreleased.remove(packetId);
    }

    /** The QoS of the notifications: 1, or 0 when the remote broker takes no more. */
    int notificationQos() {
        return remoteMaximumQos == 0 ? 0 : 1;
    }

    /** Whether RETAIN goes out: bridge_outgoing_retain, and the remote broker's Retain Available. */
    boolean retainOutgoing() {
        return bridge.outgoingRetain() && remoteRetainAvailable;
    }

    /** Connect and disconnect lines are logged as connection_messages says, as Mosquitto does. */
    boolean connectionMessages() {
        return config.connectionMessages();
    }

    void logConnection(String line) {
        if (config.connectionMessages()) {
            log.notice(line);
        }
    }

    int maxPacketSize() {
        return config.maxPacketSize();
    }

    Bridge bridge() {
        return bridge;
    }

    Session session() {
        return session;
    }

    TopicMap topics() {
        return topics;
    }

    UpstreamPackets packets() {
        return packets;
    }

    BrokerStats stats() {
        return sessions.stats();
    }

    BrokerLog log() {
        return log;
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    /**
     * The system's words for a failed connect, as Mosquitto logs them ("Connection refused"),
     * without what Netty puts around them: "finishConnect(..) failed with error(-111): " before
     * (epoll), ": /127.0.0.1:1883" after (NIO).
     */
    private static String reason(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int address = message.indexOf(": /");
        String bare = address < 0 ? message : message.substring(0, address);
        return bare.substring(bare.lastIndexOf(": ") + 1).strip();
    }
}
