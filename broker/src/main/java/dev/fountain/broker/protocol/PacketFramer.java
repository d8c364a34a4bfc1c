package dev.fountain.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import java.nio.charset.StandardCharsets;

/**
 * The bytes-to-packets half of a connection: cuts the byte stream into whole packets by their
 * Remaining Length, has Netty's {@code MqttDecoder} ({@link Codec}) decode each one alone, and hands
 * the packets to {@link #packetReceived}. {@link MqttConnection}, the state machine, is the other
 * half of the same handler: a connection's pipeline has one MQTT stage, not five.
 *
 * <p>The decoder reads fields where the packet says they are: an MQTT 5 property length that runs
 * past the end of its packet, or an UNSUBSCRIBE with no room for its properties, made it read the
 * following packets as part of this one, and the connection wedged. Given exactly one packet, any
 * read past its end fails, and a packet the decoder does not read to its end is left over: both
 * make it a Malformed Packet (MQTT 5.0 section 4.13; 3.1.1 section 4.8), passed on as an
 * undecodable message so that the connection closes with reason 0x81. A packet longer than
 * {@code max_packet_size} is refused from its fixed header, before any of it is buffered.
 *
 * <p>A Mosquitto bridge announces itself in its CONNECT by the top bit of the protocol level
 * ({@code try_private}, on by default): 0x83 for "MQIsdp", 0x84 for "MQTT". The decoder refuses
 * those levels, so the framer clears the bit before the decoder reads the CONNECT and marks the
 * channel {@link #BRIDGE}, as Mosquitto's {@code handle_connect.c} sets {@code is_bridge}. Any other
 * level is left for the decoder to refuse [MQTT-3.1.2-2].
 *
 * <p>Bytes are kept between reads only while a packet is incomplete, copied out of the read buffer
 * (so an idle connection holds no buffer, and a partial packet does not pin a whole read buffer);
 * every read buffer is released when its read is done. The bytes read are counted here, where MQTT
 * meets the transport (behind TLS and WebSocket framing, so both count what MQTT carried).
 */
abstract class PacketFramer extends ChannelInboundHandlerAdapter {

    /** The Remaining Length takes at most four bytes (MQTT 5.0 section 1.5.5). */
    private static final int MAX_LENGTH_BYTES = 4;

    /** MQTT 3.1 clients set DUP on a retried PUBREL, which later versions forbid. */
    private static final int PUBREL_WITH_DUP = 0x6A;
    private static final int PUBREL = 0x62;

    /** The bit of the protocol level a Mosquitto bridge sets (Mosquitto's {@code try_private}). */
    private static final int BRIDGE_BIT = 0x80;

    private final int maxPacketSize;
    /** The start of a packet that has not fully arrived, or {@code null}. */
    private ByteBuf partial;
    private boolean failed;
    /** Whether the CONNECT came from a bridge. */
    private boolean bridge;
    /** The protocol level of the connection's CONNECT; 0 before it. */
    private byte protocolLevel;

    /** @param maxPacketSize the largest whole packet accepted, fixed header included */
    PacketFramer(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    /** Takes one decoded packet, or an invalid message for bytes that are not one, and owns it. */
    abstract void packetReceived(ChannelHandlerContext ctx, MqttMessage packet);

    /** Counts {@code bytes} read from the connection. */
    abstract void bytesRead(int bytes);

    /** Whether further bytes are to be dropped unread: the connection is closing. */
    abstract boolean discarding();

    /** Whether the CONNECT read came from a bridge. */
    final boolean isBridge() {
        return bridge;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        bytesRead(in.readableBytes());
        if (failed || discarding()) {
            in.release();
            releasePartial();
            return;
        }
        ByteBuf bytes = partial == null ? in : append(ctx, partial, in);
        partial = null;
        try {
            while (bytes.isReadable() && !failed && !discarding() && frame(ctx, bytes)) {
                // one packet per round
            }
            if (bytes.isReadable() && !failed && !discarding()) {
                if (bytes == in) {
                    int expected = Math.max(bytes.readableBytes(), Math.min(packetSize(bytes), maxPacketSize));
                    partial = ctx.alloc().buffer(expected).writeBytes(bytes);
                } else {
                    partial = bytes.discardReadBytes();
                    bytes = null;
                }
            }
        } finally {
            if (bytes != null) {
                bytes.release();
            }
        }
    }

    /**
     * {@code partial} followed by {@code in}, in one buffer with room for the whole packet where
     * its header says how long it is; releases {@code in}.
     */
    private ByteBuf append(ChannelHandlerContext ctx, ByteBuf partial, ByteBuf in) {
        try {
            if (partial.writableBytes() >= in.readableBytes()) {
                return partial.writeBytes(in);
            }
            int needed = partial.readableBytes() + in.readableBytes();
            ByteBuf joined = ctx.alloc().buffer(Math.max(needed, Math.min(packetSize(partial), maxPacketSize)));
            joined.writeBytes(partial).writeBytes(in);
            partial.release();
            return joined;
        } finally {
            in.release();
        }
    }

    /** The size of the packet at the start of {@code in} by its fixed header, or -1 while that is incomplete. */
    private static int packetSize(ByteBuf in) {
        int start = in.readerIndex();
        int remainingLength = 0;
        for (int lengthBytes = 0; lengthBytes < MAX_LENGTH_BYTES; lengthBytes++) {
            int at = start + 1 + lengthBytes;
            if (at >= in.writerIndex()) {
                return -1;
            }
            int digit = in.getUnsignedByte(at);
            remainingLength += (digit & 0x7F) << (7 * lengthBytes);
            if ((digit & 0x80) == 0) {
                return 1 + lengthBytes + 1 + remainingLength;
            }
        }
        return -1;
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartial();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    /**
     * Hands on the packet at the start of {@code in} if it is whole; false when more bytes are
     * needed.
     */
    private boolean frame(ChannelHandlerContext ctx, ByteBuf in) {
        int start = in.readerIndex();
        int remainingLength = 0;
        int multiplier = 1;
        int lengthBytes = 0;
        while (true) {
            if (lengthBytes == MAX_LENGTH_BYTES) {
                fail(ctx, in, new DecoderException("the Remaining Length takes more than four bytes"));
                return false;
            }
            int at = start + 1 + lengthBytes;
            if (at >= in.writerIndex()) {
                return false;
            }
            int digit = in.getUnsignedByte(at);
            remainingLength += (digit & 0x7F) * multiplier;
            multiplier *= 128;
            lengthBytes++;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        long packetSize = 1L + lengthBytes + remainingLength;
        if (packetSize > maxPacketSize) {
            fail(ctx, in, new TooLongFrameException("a packet of " + packetSize + " bytes, more than " + maxPacketSize));
            return false;
        }
        if (in.readableBytes() < packetSize) {
            return false;
        }
        int bodyStart = 1 + lengthBytes;
        if (protocolLevel == 0 && in.getUnsignedByte(start) >> 4 == 1) {
            protocolLevel = (byte) protocolLevel(in, start + bodyStart, start + (int) packetSize);
            String problem = connectFlagsProblem(in, start + bodyStart, start + (int) packetSize);
            if (problem != null) {
                fail(ctx, in, new DecoderException(problem));
                return false;
            }
        }
        if (protocolLevel == 3 && in.getUnsignedByte(start) == PUBREL_WITH_DUP) {
            // MQTT 3.1 allowed it; the decoder, reading 3.1.1, would refuse the packet
            in.setByte(start, PUBREL);
        }
        if (protocolLevel == 5) {
            try {
                Mqtt5PacketCheck.check(in.slice(start, (int) packetSize), bodyStart);
            } catch (Mqtt5PacketCheck.Violation violation) {
                fail(ctx, in, violation);
                return false;
            }
        }
        MqttMessage packet = Codec.here().decode(ctx, in.readRetainedSlice((int) packetSize));
        if (packet.decoderResult().isFailure()) {
            failed = true;
            in.skipBytes(in.readableBytes());
        }
        packetReceived(ctx, packet);
        return true;
    }

    /**
     * The level byte after the protocol name, without a bridge's bit, or 0 when the CONNECT is too
     * short to have one.
     */
    private int protocolLevel(ByteBuf in, int variableHeader, int end) {
        if (variableHeader + 2 > end) {
            return 0;
        }
        int nameLength = in.getUnsignedShort(variableHeader);
        int levelAt = variableHeader + 2 + nameLength;
        if (levelAt >= end) {
            return 0;
        }
        int level = in.getUnsignedByte(levelAt);
        if ((level & BRIDGE_BIT) != 0
                && isBridgeLevel(in.toString(variableHeader + 2, nameLength, StandardCharsets.US_ASCII), level)) {
            level &= ~BRIDGE_BIT;
            in.setByte(levelAt, level);
            bridge = true;
        }
        return level;
    }

    /**
     * Whether the name and level are MQTT 3.1 or 3.1.1 with a bridge's bit: Mosquitto takes the bit
     * as a bridge's on these two only, and its bridges never set it for MQTT 5.
     */
    private static boolean isBridgeLevel(String protocolName, int level) {
        return level == (BRIDGE_BIT | 4) && protocolName.equals("MQTT")
                || level == (BRIDGE_BIT | 3) && protocolName.equals("MQIsdp");
    }

    /**
     * What is wrong with a CONNECT's flags, which the decoder takes as they come: Will QoS or Will
     * Retain without the Will Flag [MQTT-3.1.2-11], [MQTT-3.1.2-13], [MQTT-3.1.2-15], Will QoS 3
     * [MQTT-3.1.2-14]; {@code null} when nothing is, or the packet is too short to have flags (the
     * decoder refuses that one).
     */
    private static String connectFlagsProblem(ByteBuf in, int variableHeader, int end) {
        if (variableHeader + 2 > end) {
            return null;
        }
        int flagsAt = variableHeader + 2 + in.getUnsignedShort(variableHeader) + 1;
        if (flagsAt >= end) {
            return null;
        }
        int flags = in.getUnsignedByte(flagsAt);
        boolean will = (flags & 0x04) != 0;
        int willQos = (flags >> 3) & 0x03;
        boolean willRetain = (flags & 0x20) != 0;
        if (!will && (willQos != 0 || willRetain)) {
            return "CONNECT sets Will QoS or Will Retain without the Will Flag [MQTT-3.1.2-11]";
        }
        return willQos == 3 ? "CONNECT sets Will QoS 3 [MQTT-3.1.2-14]" : null;
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, Exception cause) {
        failed = true;
        in.skipBytes(in.readableBytes());
        packetReceived(ctx, MqttMessageFactory.newInvalidMessage(cause));
    }
}
