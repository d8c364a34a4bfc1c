package dev.fountain.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts the byte stream into whole packets by their Remaining Length before Netty's
 * {@code MqttDecoder} sees them, and hands it one packet at a time.
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
 */
final class PacketFramer extends ByteToMessageDecoder {

    /** The Remaining Length takes at most four bytes (MQTT 5.0 section 1.5.5). */
    private static final int MAX_LENGTH_BYTES = 4;

    /** MQTT 3.1 clients set DUP on a retried PUBREL, which later versions forbid. */
    private static final int PUBREL_WITH_DUP = 0x6A;
    private static final int PUBREL = 0x62;

    /** The bit of the protocol level a Mosquitto bridge sets (Mosquitto's {@code try_private}). */
    private static final int BRIDGE_BIT = 0x80;

    /** Set on a channel whose CONNECT came from a bridge; absent on every other. */
    private static final AttributeKey<Boolean> BRIDGE = AttributeKey.valueOf(PacketFramer.class, "BRIDGE");

    private final int maxPacketSize;
    private boolean failed;
    private boolean decoderAdded;
    /** The protocol level of the connection's CONNECT; 0 before it. */
    private int protocolLevel;

    /** @param maxPacketSize the largest whole packet accepted, fixed header included */
    PacketFramer(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int remainingLength = 0;
        int multiplier = 1;
        int lengthBytes = 0;
        while (true) {
            if (lengthBytes == MAX_LENGTH_BYTES) {
                fail(ctx, in, new DecoderException("the Remaining Length takes more than four bytes"));
                return;
            }
            int at = start + 1 + lengthBytes;
            if (at >= in.writerIndex()) {
                return;
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
            return;
        }
        if (in.readableBytes() < packetSize) {
            return;
        }
        int bodyStart = 1 + lengthBytes;
        if (protocolLevel == 0 && in.getUnsignedByte(start) >> 4 == 1) {
            protocolLevel = protocolLevel(ctx, in, start + bodyStart, start + (int) packetSize);
            String problem = connectFlagsProblem(in, start + bodyStart, start + (int) packetSize);
            if (problem != null) {
                fail(ctx, in, new DecoderException(problem));
                return;
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
                return;
            }
        }
        if (!decoderAdded) {
            MqttPipeline.addDecoder(ctx, maxPacketSize);
            decoderAdded = true;
        }
        ByteBuf packet = in.readRetainedSlice((int) packetSize);
        // One reference more than the decoder takes: its read position is read after it is done.
        packet.retain();
        try {
            ctx.fireChannelRead(packet);
            if (!failed && packet.isReadable()) {
                fail(ctx, in, new DecoderException(packet.readableBytes() + " bytes after the end of a "
                        + "packet's last field"));
            }
        } finally {
            packet.release();
        }
    }

    /**
     * The level byte after the protocol name, without a bridge's bit, or 0 when the CONNECT is too
     * short to have one.
     */
    private static int protocolLevel(ChannelHandlerContext ctx, ByteBuf in, int variableHeader, int end) {
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
            ctx.channel().attr(BRIDGE).set(Boolean.TRUE);
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

    /** Whether the CONNECT read on {@code channel} came from a bridge. */
    static boolean isBridge(Channel channel) {
        return channel.hasAttr(BRIDGE);
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
        ctx.fireChannelRead(MqttMessageFactory.newInvalidMessage(cause));
    }
}
