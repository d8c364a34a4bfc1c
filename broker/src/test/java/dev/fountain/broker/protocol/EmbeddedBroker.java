package dev.fountain.broker.protocol;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.routing.RetainedMessages;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.routing.SubscriptionIndex;
import dev.fountain.broker.security.AccessControl;
import dev.fountain.broker.session.Limits;
import dev.fountain.broker.session.Sessions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The broker's protocol handlers over Netty's {@link EmbeddedChannel}: packets in, packets out,
 * no sockets and no threads, so a handler test runs in milliseconds and sees every byte.
 */
final class EmbeddedBroker implements AutoCloseable {

    final BrokerContext context;
    private final List<Client> clients = new ArrayList<>();

    EmbeddedBroker(Consumer<BrokerConfig.Builder> settings) {
        this(settings, new AccessControl(true, null, null));
    }

    EmbeddedBroker(Consumer<BrokerConfig.Builder> settings, AccessControl access) {
        BrokerConfig.Builder builder = BrokerConfig.builder().listener(Listener.mqtt(0, null)).allowAnonymous(true);
        settings.accept(builder);
        BrokerConfig config = builder.build();
        BrokerLog log = BrokerLog.toSlf4j(LogType.all());
        SubscriptionIndex index = new SubscriptionIndex();
        Router router = new Router(index, new RetainedMessages(), access);
        Sessions sessions = new Sessions(index, new Limits(config.maxInflightMessages(), config.maxQueuedMessages(),
                config.maxQueuedBytes(), config.queueQos0Messages()), log);
        context = new BrokerContext(config, log, sessions, router, access, new AtomicInteger(), java.util.Map.of());
    }

    Client client() {
        Client client = new Client();
        clients.add(client);
        return client;
    }

    /** Runs every channel's pending tasks until none is left, as the event loops would. */
    void settle() {
        for (int round = 0; round < 10; round++) {
            for (Client client : clients) {
                client.channel.runPendingTasks();
            }
        }
    }

    @Override
    public void close() {
        for (Client client : clients) {
            client.close();
        }
        context.sessions().endAll();
        settle();
        context.router().retained().clear();
    }

    /** One client connection: encodes what a test sends and decodes what the broker answers. */
    final class Client {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final AtomicInteger flushes = new AtomicInteger();
        private final EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1 << 20));

        Client() {
            channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
                @Override
                public void flush(ChannelHandlerContext ctx) {
                    flushes.incrementAndGet();
                    ctx.flush();
                }
            });
            MqttPipeline.addMqttHandlers(channel.pipeline(), context);
            channel.pipeline().fireChannelActive();
        }

        /** Sends all of {@code packets} in one read, as one TCP segment would arrive. */
        void send(MqttMessage... packets) {
            io.netty.buffer.CompositeByteBuf bytes = channel.alloc().compositeBuffer();
            for (MqttMessage packet : packets) {
                encoder.writeOutbound(packet);
                ByteBuf encoded;
                while ((encoded = encoder.readOutbound()) != null) {
                    bytes.addComponent(true, encoded);
                }
            }
            channel.writeInbound(bytes);
            settle();
        }

        void sendBytes(byte[] bytes) {
            channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
            settle();
        }

        /** Everything the broker has written to this client so far, decoded. */
        List<MqttMessage> received() {
            settle();
            ByteBuf bytes;
            while ((bytes = channel.readOutbound()) != null) {
                decoder.writeInbound(bytes);
            }
            List<MqttMessage> packets = new ArrayList<>();
            MqttMessage packet;
            while ((packet = decoder.readInbound()) != null) {
                if (packet instanceof MqttPublishMessage publish) {
                    byte[] payload = io.netty.buffer.ByteBufUtil.getBytes(publish.payload());
                    publish.release();
                    packet = new MqttPublishMessage(publish.fixedHeader(), publish.variableHeader(),
                            io.netty.buffer.Unpooled.wrappedBuffer(payload));
                } else {
                    ReferenceCountUtil.release(packet);
                }
                packets.add(packet);
            }
            return packets;
        }

        boolean isOpen() {
            return channel.isOpen();
        }

        void close() {
            channel.close();
            settle();
            channel.finishAndReleaseAll();
            encoder.finishAndReleaseAll();
            decoder.finishAndReleaseAll();
        }
    }
}
