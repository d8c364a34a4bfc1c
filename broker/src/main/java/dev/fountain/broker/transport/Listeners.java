package dev.fountain.broker.transport;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.http.HttpEndpoints;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.protocol.BrokerContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Opens the configured listening sockets and closes them again. */
public final class Listeners {

    /**
     * Past this many unsent bytes a connection reports itself unwritable and its session queues
     * (bounded) instead of writing: a stalled subscriber costs at most this much socket backlog.
     */
    // TCP_NODELAY is not set here: Netty's socket channels (epoll and NIO) set it by default on every
    // platform but Android, and setting it again was a second setsockopt per connection.
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);
    /**
     * One receive-buffer sizer for every connection: Netty gives each channel an allocator of its
     * own (32 bytes an idle connection keeps), though the allocator only makes each channel's handle,
     * which holds that channel's guess.
     */
    private static final RecvByteBufAllocator RECEIVE_BUFFERS = new AdaptiveRecvByteBufAllocator();

    private final List<Channel> channels = new ArrayList<>();
    /**
     * Every accepted connection until it closes, so that {@link #close()} closes them itself: left to
     * the event loops' shutdown, the connections of one loop now and then stayed open, and their
     * clients saw no end of stream until their keep alive ran out.
     */
    private final ChannelGroup connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
    private final ChannelHandler tracker = new ConnectionTracker(connections);
    private final List<Listener.Protocol> protocols = new ArrayList<>();

    /**
     * Binds every listener of {@code config}. A failure to bind the IPv6 loopback of the default
     * local-only setup is only a warning, as hosts without IPv6 are common. TLS certificates and
     * {@code http_dir} directories are read before any socket is bound, so a bad file opens none.
     *
     * @throws IOException naming the address that could not be bound, or the listener and the file
     *     that cannot be used
     */
    public void open(BrokerConfig config, BrokerContext broker, Transport transport, EventLoopGroup group)
            throws IOException {
        open(config, broker, transport, group, null);
    }

    /**
     * {@link #open(BrokerConfig, BrokerContext, Transport, EventLoopGroup)}, with {@code endpoints}
     * served on the WebSocket listeners that have an {@code http_dir} and on the application's.
     */
    public void open(BrokerConfig config, BrokerContext broker, Transport transport, EventLoopGroup group,
            HttpEndpoints endpoints) throws IOException {
        BrokerLog log = broker.log();
        List<ChannelHandler> initializers = new ArrayList<>();
        for (Listener listener : config.listeners()) {
            boolean servesHttp = listener.httpDir() != null || config.isApplicationListener(listener);
            initializers.add(initializer(listener, broker, servesHttp ? endpoints : null));
        }
        int localOnlyPort = -1;
        for (int i = 0; i < config.listeners().size(); i++) {
            Listener listener = config.listeners().get(i);
            // The default IPv6 loopback listener takes the port the IPv4 one got when 0 was asked for.
            boolean defaultListener = config.localOnly() && listener.protocol() == Listener.Protocol.MQTT;
            int port = defaultListener && localOnlyPort >= 0 ? localOnlyPort : listener.port();
            InetSocketAddress address = bindAddress(listener, port);
            String family = address.getAddress() instanceof Inet6Address ? "ipv6" : "ipv4";
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .handler(tracker)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFERS)
                    .childHandler(initializers.get(i));
            try {
                Channel channel = bootstrap.bind(address).syncUninterruptibly().channel();
                channels.add(channel);
                protocols.add(listener.protocol());
                int bound = ((InetSocketAddress) channel.localAddress()).getPort();
                if (listener.protocol() == Listener.Protocol.WEBSOCKETS) {
                    log.information("Opening websockets listen socket on port " + bound + ".");
                } else {
                    if (address.getAddress().isAnyLocalAddress() && family.equals("ipv6")) {
                        // One dual-stack socket serves both families; say so the way Mosquitto's two do.
                        log.information("Opening ipv4 listen socket on port " + bound + ".");
                    }
                    log.information("Opening " + family + " listen socket on port " + bound + ".");
                }
                if (defaultListener) {
                    localOnlyPort = bound;
                }
            } catch (Exception e) {
                boolean optionalLoopback = config.localOnly() && isIpv6Loopback(address.getAddress());
                String problem = "Cannot open " + family + " listen socket on " + describe(address) + ": "
                        + e.getMessage();
                if (optionalLoopback) {
                    log.warning(problem);
                    continue;
                }
                close();
                if (addressInUse(e)) {
                    BindException inUse = new BindException("port " + address.getPort() + " on "
                            + address.getAddress().getHostAddress() + " is in use by another program"
                            + PortHolder.describe(address.getPort()).map(holder -> " (" + holder + ")").orElse(""));
                    inUse.initCause(e);
                    throw inUse;
                }
                throw new IOException(problem, e);
            }
        }
        if (channels.isEmpty()) {
            throw new IOException("No listener could be opened.");
        }
    }

    /** What each connection of {@code listener} starts with; reads its TLS files and http_dir. */
    private static ChannelHandler initializer(Listener listener, BrokerContext broker, HttpEndpoints endpoints)
            throws IOException {
        try {
            ServerTls tls = listener.tls() == null ? null : ServerTls.create(listener.tls(), broker.log());
            if (listener.protocol() == Listener.Protocol.MQTT) {
                return new MqttChannelInitializer(broker, tls);
            }
            StaticFiles files = null;
            if (listener.httpDir() != null) {
                try {
                    files = new StaticFiles(listener.httpDir());
                } catch (IOException e) {
                    throw new IOException("http_dir '" + listener.httpDir() + "': cannot open it: " + e, e);
                }
            }
            return new WebSocketChannelInitializer(broker, tls, files, endpoints);
        } catch (IOException e) {
            throw new IOException("Listener on port " + listener.port() + ": " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress bindAddress(Listener listener, int port) throws IOException {
        if (listener.bindAddress() != null) {
            InetSocketAddress address = new InetSocketAddress(listener.bindAddress(), port);
            if (address.isUnresolved()) {
                throw new IOException("Cannot resolve the bind address '" + listener.bindAddress()
                        + "' of the listener on port " + listener.port() + ".");
            }
            return address;
        }
        boolean ipv4Only = listener.socketDomain() == Listener.SocketDomain.IPV4 || !ipv6Available();
        return new InetSocketAddress(InetAddress.getByName(ipv4Only ? "0.0.0.0" : "::"), port);
    }

    private static boolean ipv6Available() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet6Address) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean isIpv6Loopback(InetAddress address) {
        return address instanceof Inet6Address && address.isLoopbackAddress();
    }

    /** Epoll reports EADDRINUSE as its own exception type, NIO as a {@link BindException}; both say so. */
    private static boolean addressInUse(Exception e) {
        return e instanceof BindException
                || e.getMessage() != null && e.getMessage().contains("Address already in use");
    }

    private static String describe(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + " port " + address.getPort();
    }

    /** The addresses actually bound, with the real port where 0 was asked for. */
    /** The first bound address of a listener speaking {@code protocol}, or {@code null}. */
    public InetSocketAddress boundAddress(Listener.Protocol protocol) {
        for (int i = 0; i < channels.size(); i++) {
            if (protocols.get(i) == protocol) {
                return (InetSocketAddress) channels.get(i).localAddress();
            }
        }
        return null;
    }

    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Channel channel : channels) {
            addresses.add((InetSocketAddress) channel.localAddress());
        }
        return addresses;
    }

    /** Stops accepting, then closes every connection, waiting up to five seconds for them to close. */
    public void close() {
        for (Channel channel : channels) {
            channel.close().syncUninterruptibly();
        }
        channels.clear();
        protocols.clear();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Sees each accepted connection on its listener's pipeline, before Netty's acceptor registers it. */
    @ChannelHandler.Sharable
    private static final class ConnectionTracker extends ChannelInboundHandlerAdapter {

        private final ChannelGroup connections;

        ConnectionTracker(ChannelGroup connections) {
            this.connections = connections;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object accepted) {
            connections.add((Channel) accepted);
            ctx.fireChannelRead(accepted);
        }
    }
}
