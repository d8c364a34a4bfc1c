package dev.fountain.broker.bridge;

import dev.fountain.broker.config.Bridge;
import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.session.Sessions;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The broker's outgoing bridges, Mosquitto's {@code connection} blocks. Each runs on one of the
 * broker's event loops, a client of its remote broker and a local session here at once.
 */
public final class Bridges implements AutoCloseable {

    private final List<BridgeClient> clients = new ArrayList<>();

    private Bridges() {
    }

    /**
     * Starts every bridge of {@code config}; each connects in the background and keeps connecting.
     *
     * @param tls the TLS context of each bridge that has TLS, by bridge name
     */
    public static Bridges start(BrokerConfig config, Map<String, SslContext> tls, EventLoopGroup group,
            Class<? extends SocketChannel> channelClass, Sessions sessions, Router router, BrokerLog log) {
        Bridges bridges = new Bridges();
        for (Bridge bridge : config.bridges()) {
            BridgeClient client = new BridgeClient(bridge, group.next(), channelClass, tls.get(bridge.name()), sessions,
                    router, config, log);
            bridges.clients.add(client);
            client.start();
        }
        return bridges;
    }

    /** Closes every bridge's connection and ends its local session, waiting up to 5 seconds. */
    @Override
    public void close() {
        List<Future<?>> closing = clients.stream().<Future<?>>map(BridgeClient::close).toList();
        for (Future<?> future : closing) {
            future.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
