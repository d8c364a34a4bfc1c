package dev.fountain.broker.protocol;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.stats.Meter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

/**
 * Writes outgoing PUBLISH packets (MQTT 3.1.1 section 3.3, MQTT 5 section 3.3) from the
 * connection, in the order they are written, without copying large payloads: the header goes into a small buffer of its own and the payload follows as a
 * duplicate of the one buffer every subscriber shares, so the socket write gathers both. Payloads
 * up to {@link #COPY_LIMIT} bytes are copied behind the header instead: for those a copy costs less
 * than a second buffer and its reference count.
 *
 * <p>For MQTT 5 it adds the message's properties (encoded once per message), the remaining Message
 * Expiry Interval [MQTT-3.3.2-6], the Subscription Identifiers [MQTT-3.3.4-3], and a Topic Alias
 * when the client allows them: the first PUBLISH on a topic sets the alias, later ones send the
 * alias with an empty topic. Aliases are assigned here because this is where packets are put in
 * their final order.
 */
final class PublishEncoder {

    static final int COPY_LIMIT = 512;

    // The MQTT 5 property identifiers (section 2.2.2.2) the encoder writes, under the
    // specification's names: Netty calls the Message Expiry Interval PUBLICATION_EXPIRY_INTERVAL.
    private static final int MESSAGE_EXPIRY_INTERVAL = MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value();
    private static final int TOPIC_ALIAS = MqttPropertyType.TOPIC_ALIAS.value();
    private static final int SUBSCRIPTION_IDENTIFIER = MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value();

    private PublishEncoder() {
    }

    /**
     * Writes {@code message} as a PUBLISH to {@code connection}'s channel from its context
     * {@code ctx}, counting the bytes; releases one reference of the message.
     *
     * @param subscriptionIds MQTT 5 Subscription Identifiers to send, or {@code null}
     */
    static void write(ChannelHandlerContext ctx, MqttConnection connection, Message message, int qos,
            boolean retain, boolean duplicate, int packetId, int[] subscriptionIds) {
        try {
            ByteBuf payload = message.payload();
            int payloadSize = payload.readableBytes();
            ClientSettings client = connection.client();
            int alias = client.isV5() && client.topicAliasMaximum() > 0
                    ? connection.topicAliases().outgoing(message.topic()) : 0;
            byte[] topic = alias < 0 ? new byte[0] : message.topicUtf8();
            long expiry = message.remainingExpirySeconds(System.nanoTime());
            int propertiesLength = client.isV5() ? propertiesLength(message, expiry, alias, subscriptionIds) : -1;
            int remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + payloadSize
                    + (propertiesLength < 0 ? 0 : varIntSize(propertiesLength) + propertiesLength);
            boolean copy = payloadSize <= COPY_LIMIT;
            int headerSize = 1 + varIntSize(remaining) + remaining - (copy ? 0 : payloadSize);
            ByteBuf out = ctx.alloc().ioBuffer(headerSize);
            out.writeByte(0x30 | (duplicate ? 0x08 : 0) | qos << 1 | (retain ? 1 : 0));
            writeVarInt(out, remaining);
            out.writeShort(topic.length);
            out.writeBytes(topic);
            if (qos > 0) {
                out.writeShort(packetId);
            }
            if (propertiesLength >= 0) {
                writeProperties(out, propertiesLength, message, expiry, alias, subscriptionIds);
            }
            connection.tally().add(Meter.BYTES_SENT, 1 + varIntSize(remaining) + remaining);
            if (copy) {
                out.writeBytes(payload, payload.readerIndex(), payloadSize);
                ctx.write(out, ctx.voidPromise());
            } else {
                ctx.write(out, ctx.voidPromise());
                ctx.write(payload.retainedDuplicate(), ctx.voidPromise());
            }
        } finally {
            message.release();
        }
    }

    /**
     * The size of the PUBLISH packet {@code message} makes on a connection of {@code client}, at
     * most: an alias can only make it smaller.
     */
    static long packetSize(ClientSettings client, Message message, int qos, int[] subscriptionIds) {
        // A QoS 0 PUBLISH has no packet identifier [MQTT-3.3.2-2].
        long remaining = 2L + message.topicUtf8().length + (qos > 0 ? 2 : 0) + message.payloadSize();
        if (client.isV5()) {
            int properties = propertiesLength(message, message.remainingExpirySeconds(System.nanoTime()),
                    client.topicAliasMaximum() > 0 ? 1 : 0, subscriptionIds);
            remaining += varIntSize(properties) + properties;
        }
        return 1 + varIntSize((int) Math.min(remaining, Integer.MAX_VALUE)) + remaining;
    }

    private static int propertiesLength(Message message, long expiry, int alias, int[] subscriptionIds) {
        int length = message.properties().encoded().length;
        if (expiry >= 0) {
            length += 5;
        }
        if (alias != 0) {
            length += 3;
        }
        if (subscriptionIds != null) {
            for (int id : subscriptionIds) {
                length += 1 + varIntSize(id);
            }
        }
        return length;
    }

    private static void writeProperties(ByteBuf out, int length, Message message, long expiry, int alias,
            int[] subscriptionIds) {
        writeVarInt(out, length);
        out.writeBytes(message.properties().encoded());
        if (expiry >= 0) {
            out.writeByte(MESSAGE_EXPIRY_INTERVAL);
            out.writeInt((int) expiry);
        }
        if (alias != 0) {
            out.writeByte(TOPIC_ALIAS);
            out.writeShort(Math.abs(alias));
        }
        if (subscriptionIds != null) {
            for (int id : subscriptionIds) {
                out.writeByte(SUBSCRIPTION_IDENTIFIER);
                writeVarInt(out, id);
            }
        }
    }

    static int varIntSize(int value) {
        int size = 1;
        while (value >= 128) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    static void writeVarInt(ByteBuf out, int value) {
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }
}
