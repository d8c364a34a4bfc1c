package dev.fountain.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The generator's connections, all on one event loop thread. compare.sh gives the generator one
 * core, and one thread on one core does the most work: every counter, window and tracker is
 * touched by that thread only, without locks or handoffs. Epoll where Netty's native library
 * loads, NIO elsewhere.
 *
 * <p>Sending at a fixed rate, the event loop polls its sockets without ever sleeping: a sleeping
 * loop's timer wakes up 50-100 us late on this kind of machine, and milliseconds late at the
 * 99th percentile, which would be measured as the broker's latency. That costs the generator its
 * core, which compare.sh gives it anyway.
 */
final class Clients implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String transport;
    private final Transports stages;
    private final boolean cleanSession;

    Clients(String host, int port, boolean poll, String protocol) {
        this(host, port, poll, protocol, true);
    }

    /** @param cleanSession false: every connection asks for a persistent session (CleanSession 0) */
    Clients(String host, int port, boolean poll, String protocol, boolean cleanSession) {
        this.cleanSession = cleanSession;
        boolean epoll = Epoll.isAvailable();
        transport = protocol + " over " + (epoll ? "epoll" : "nio") + (poll ? ", polling" : "");
        stages = new Transports(protocol, host, port);
        SelectStrategyFactory strategy = poll ? () -> (pollNow, hasTasks) -> pollNow.get()
                : DefaultSelectStrategyFactory.INSTANCE;
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bench-io", true),
                epoll ? EpollIoHandler.newFactory(0, strategy)
                        : NioIoHandler.newFactory(SelectorProvider.provider(), strategy));
        bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .remoteAddress(new InetSocketAddress(host, port))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                // Publishers stop writing past the high mark and resume when the broker has read.
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024));
    }

    String transport() {
        return transport;
    }

    EventLoop loop() {
        return group.next();
    }

    /** Opens a connection and sends CONNECT; {@link MqttClient#connected()} tells when it is accepted. */
    MqttClient connect(int index, String clientId, MqttClient.Listener listener) {
        return connect(index, clientId, listener, cleanSession);
    }

    /** As above, with this connection's own CleanSession flag. */
    MqttClient connect(int index, String clientId, MqttClient.Listener listener, boolean cleanSession) {
        MqttClient client = new MqttClient(index, clientId, listener, cleanSession);
        ChannelFuture future = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                stages.addStages(channel, () -> client.active(channel));
                channel.pipeline().addLast(new PacketDecoder(client));
            }
        }).connect();
        future.addListener(done -> {
            if (!done.isSuccess()) {
                client.closed(done.cause());
            } else if (!stages.upgrades()) {
                client.active(future.channel());
            }
        });
        return client;
    }

    /**
     * Connects {@code count} clients with at most {@code concurrency} handshakes under way, so the
     * broker's accept queue never overflows into retransmission delays that would be measured as
     * connect time.
     *
     * @throws IOException when any client is refused or cannot connect, or all take longer than
     *     {@code timeoutSeconds}
     */
    List<MqttClient> connectAll(int count, IntFunction<String> clientIds, IntFunction<MqttClient.Listener> listeners,
            int concurrency, long timeoutSeconds) throws IOException, InterruptedException {
        return connectAll(count, clientIds, listeners, concurrency, 0, timeoutSeconds);
    }

    /** As above, and no more than {@code perSecond} new connections a second when it is positive. */
    List<MqttClient> connectAll(int count, IntFunction<String> clientIds, IntFunction<MqttClient.Listener> listeners,
            int concurrency, double perSecond, long timeoutSeconds) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Semaphore handshakes = new Semaphore(concurrency);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<MqttClient> clients = new ArrayList<>(count);
        for (int i = 0; i < count && failure.get() == null; i++) {
            if (perSecond > 0) {
                long wait = start + (long) (i * 1e9 / perSecond) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            if (!handshakes.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IOException("connecting " + count + " clients took longer than " + timeoutSeconds + " s");
            }
            MqttClient client = connect(i, clientIds.apply(i), listeners.apply(i));
            client.connected().whenComplete((ok, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                handshakes.release();
            });
            clients.add(client);
        }
        await(CompletableFuture.allOf(clients.stream().map(MqttClient::connected).toArray(CompletableFuture[]::new)),
                deadline);
        return clients;
    }

    /** Waits for {@code future} until the deadline, as an IOException on failure. */
    static void await(CompletableFuture<?> future, long deadlineNanos) throws IOException, InterruptedException {
        try {
            future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("timed out waiting for the broker", e);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
