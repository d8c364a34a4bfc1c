package dev.fountain.broker.protocol;

import dev.fountain.broker.stats.Meter;
import dev.fountain.broker.stats.Tally;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Netty's MQTT decoder and encoder, run for a connection rather than placed in its pipeline: one
 * decoder per thread serves every connection of that thread's event loop.
 *
 * <p>In the pipeline each connection had a decoder (its state, a replay buffer, a UTF-8 decoder)
 * and three more handler contexts (decoder, encoder, PUBLISH encoder), about 600 bytes that an idle
 * connection kept for nothing, and every packet crossed those contexts. The decoder's state only
 * lives while it reads one packet, because {@link PacketFramer} hands it exactly one whole packet,
 * so between packets it holds nothing of a connection and can serve the next one. A packet it does
 * not read exactly (a failure, bytes left over, a second packet, none) may leave state behind, so
 * after one the decoder is replaced. The MQTT version the decoder and encoder read stays where
 * Netty keeps it, in a channel attribute.
 */
final class Codec {

    /**
     * The decoder's own size limit; {@link PacketFramer} has already refused anything above
     * {@code max_packet_size}. The largest Remaining Length MQTT can express.
     */
    private static final int ANY_SIZE = 268_435_455;
    /** MQTT 3.1 limits client identifiers to 23 characters; 3.1.1 and 5 let the server choose. */
    private static final int MQTT_3_1_MAX_CLIENT_ID = 23;

    private static final FastThreadLocal<Codec> HERE = new FastThreadLocal<>() {
        @Override
        protected Codec initialValue() {
            return new Codec();
        }
    };

    private MqttDecoder decoder = new MqttDecoder(ANY_SIZE, MQTT_3_1_MAX_CLIENT_ID);
    private final Decoding decoding = new Decoding();
    private final Encoding encoding = new Encoding();

    private Codec() {
    }

    /** The codec of the calling thread. */
    static Codec here() {
        return HERE.get();
    }

    /**
     * Decodes one whole packet for the connection of {@code ctx}; takes over one reference of
     * {@code packet}. A packet the decoder cannot read, or does not read exactly to its end, comes
     * back as an invalid message (a Malformed Packet).
     */
    MqttMessage decode(ChannelHandlerContext ctx, ByteBuf packet) {
        Decoding relay = decoding;
        relay.target = ctx;
        relay.packet = null;
        relay.more = 0;
        Exception failure = null;
        // One reference more than the decoder takes: its read position is read after it is done.
        packet.retain();
        try {
            decoder.channelRead(relay, packet);
        } catch (Exception e) {
            failure = e;
        }
        int left = packet.readableBytes();
        packet.release();
        MqttMessage message = relay.packet;
        int more = relay.more;
        relay.packet = null;
        relay.more = 0;
        boolean clean = failure == null && message != null && more == 0 && left == 0;
        if (clean && message.decoderResult().isSuccess()) {
            relay.target = null;
            return message;
        }
        replaceDecoder(relay);
        relay.target = null;
        if (failure == null && message != null && message.decoderResult().isFailure()) {
            return message;
        }
        ReferenceCountUtil.release(message);
        Throwable cause = failure != null ? failure
                : message == null ? new DecoderException("a packet the decoder did not finish")
                : new DecoderException((left > 0 ? left + " bytes" : "another packet")
                        + " after the end of a packet's last field");
        return MqttMessageFactory.newInvalidMessage(cause);
    }

    /** Drops a decoder that may hold a connection's state, and what it held. */
    private void replaceDecoder(Decoding relay) {
        relay.discarding = true;
        try {
            decoder.handlerRemoved(relay);
        } catch (Exception ignored) {
            // Only releases what it held, which the relay has released.
        } finally {
            relay.discarding = false;
        }
        decoder = new MqttDecoder(ANY_SIZE, MQTT_3_1_MAX_CLIENT_ID);
    }

    /**
     * Encodes {@code packet} with Netty's encoder and writes it toward the socket from the
     * connection's context, counting the bytes on {@code tally}.
     */
    void encode(ChannelHandlerContext ctx, MqttMessage packet, Tally tally) {
        Encoding relay = encoding;
        ChannelHandlerContext outerTarget = relay.target;
        Tally outerTally = relay.tally;
        relay.target = ctx;
        relay.tally = tally;
        try {
            MqttEncoder.INSTANCE.write(relay, packet, ctx.voidPromise());
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode " + packet.fixedHeader().messageType(), e);
        } finally {
            relay.target = outerTarget;
            relay.tally = outerTally;
        }
    }

    /** Takes the packet the decoder hands on. */
    private static final class Decoding extends ContextRelay {
        MqttMessage packet;
        /** Packets decoded after the first from the same bytes: a packet with another in its tail. */
        int more;
        boolean discarding;

        @Override
        public ChannelHandlerContext fireChannelRead(Object msg) {
            if (discarding) {
                ReferenceCountUtil.release(msg);
            } else if (packet == null && msg instanceof MqttMessage decoded) {
                packet = decoded;
            } else {
                more++;
                ReferenceCountUtil.release(msg);
            }
            return this;
        }
    }

    /** Counts the bytes the encoder writes. */
    private static final class Encoding extends ContextRelay {
        Tally tally;

        @Override
        public ChannelFuture write(Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf bytes) {
                tally.add(Meter.BYTES_SENT, bytes.readableBytes());
            }
            return target.write(msg, promise);
        }
    }
}
