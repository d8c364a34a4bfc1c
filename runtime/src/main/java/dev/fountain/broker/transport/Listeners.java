package dev.fountain.broker.transport;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.protocol.BrokerContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;

/** Opens the configured listening sockets and closes them again. */
public final class Listeners {

    /**
     * Past this many unsent bytes a connection reports itself unwritable and its session queues
     * (bounded) instead of writing: a stalled subscriber costs at most this much socket backlog.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

    private final List<Channel> channels = new ArrayList<>();

    /**
     * Binds every listener of {@code config}. A failure to bind the IPv6 loopback of the default
     * local-only setup is only a warning, as hosts without IPv6 are common.
     *
     * @throws IOException naming the address that could not be bound
     */
    public void open(BrokerConfig config, BrokerContext broker, Transport transport, EventLoopGroup group)
            throws IOException {
        BrokerLog log = broker.log();
        int localOnlyPort = -1;
        for (Listener listener : config.listeners()) {
            if (listener.protocol() != Listener.Protocol.MQTT) {
                log.warning("Listener on port " + listener.port() + " uses protocol " + listener.protocol()
                        + ", which is not supported yet; it is not opened.");
                continue;
            }
            int port = config.localOnly() && localOnlyPort >= 0 ? localOnlyPort : listener.port();
            InetSocketAddress address = bindAddress(listener, port);
            String family = address.getAddress() instanceof Inet6Address ? "ipv6" : "ipv4";
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(new MqttChannelInitializer(broker));
            try {
                Channel channel = bootstrap.bind(address).syncUninterruptibly().channel();
                channels.add(channel);
                int bound = ((InetSocketAddress) channel.localAddress()).getPort();
                if (address.getAddress().isAnyLocalAddress() && family.equals("ipv6")) {
                    // One dual-stack socket serves both families; say so the way Mosquitto's two do.
                    log.information("Opening ipv4 listen socket on port " + bound + ".");
                }
                log.information("Opening " + family + " listen socket on port " + bound + ".");
                if (config.localOnly()) {
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
                throw new IOException(problem, e);
            }
        }
        if (channels.isEmpty()) {
            throw new IOException("No listener could be opened.");
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

    private static String describe(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + " port " + address.getPort();
    }

    /** The addresses actually bound, with the real port where 0 was asked for. */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Channel channel : channels) {
            addresses.add((InetSocketAddress) channel.localAddress());
        }
        return addresses;
    }

    public void close() {
        for (Channel channel : channels) {
            channel.close().syncUninterruptibly();
        }
        channels.clear();
    }
}
