package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One MQTT 3.1.1 connection of the generator. Everything here runs on the connection's event loop:
 * packets are answered as they are decoded, into one pending buffer that is written and flushed
 * once when the read is complete, so a read of fifty PUBLISH packets costs one write of fifty
 * acknowledgements.
 */
final class MqttClient {

    /** What a scenario does with this connection's traffic; all calls come from the event loop. */
    interface Listener {
        /** A PUBLISH, as a region of {@code in}; the acknowledgement is sent by the client. */
        default void published(MqttClient client, ByteBuf in, int topicIndex, int topicLength, int payloadIndex,
                int payloadLength) {
        }

        /** The end of an outgoing QoS 1 (PUBACK) or QoS 2 (PUBCOMP) exchange. */
        default void acknowledged(MqttClient client, int packetId) {
        }

        /** Every packet of one read has been handled, or the connection can take writes again. */
        default void progress(MqttClient client) {
        }
    }

    static final Listener IDLE = new Listener() {
    };

    private static final int PENDING_CAPACITY = 4096;

    private final int index;
    private final String clientId;
    private final Listener listener;
    private final boolean cleanSession;
    private final CompletableFuture<MqttClient> connected = new CompletableFuture<>();
    private CompletableFuture<Void> subscribed;
    private int subacksMissing;
    private boolean sessionPresent;
    private Channel channel;
    private ByteBuf pending;

    MqttClient(int index, String clientId, Listener listener) {
        this(index, clientId, listener, true);
    }

    /** @param cleanSession false for a session the broker keeps after the connection ends */
    MqttClient(int index, String clientId, Listener listener, boolean cleanSession) {
        this.index = index;
        this.clientId = clientId;
        this.listener = listener;
        this.cleanSession = cleanSession;
    }

    int index() {
        return index;
    }

    Channel channel() {
        return channel;
    }

    /** Completes on CONNACK 0; fails on a refusal or a connection lost before it. */
    CompletableFuture<MqttClient> connected() {
        return connected;
    }

    /** The CONNACK's Session Present flag: the broker resumed a session it kept [MQTT-3.2.2-2]. */
    boolean sessionPresent() {
        return sessionPresent;
    }

    void active(Channel active) {
        this.channel = active;
        Packets.connect(pending(), clientId, 0, cleanSession);
        flush();
    }

    /**
     * Subscribes to {@code filters}, {@code perPacket} of them in each SUBSCRIBE; completes when
     * every SUBACK has come, and fails if the broker refused any filter. Call on the event loop.
     */
    CompletableFuture<Void> subscribe(List<String> filters, int qos, int perPacket) {
        subscribed = new CompletableFuture<>();
        subacksMissing = 0;
        for (int from = 0; from < filters.size(); from += perPacket) {
            Packets.subscribe(pending(), ++subacksMissing, filters.subList(from, Math.min(filters.size(),
                    from + perPacket)), qos);
        }
        flush();
        return subscribed;
    }

    /** The buffer writes collect in until {@link #flush()}. */
    ByteBuf pending() {
        if (pending == null) {
            pending = channel.alloc().directBuffer(PENDING_CAPACITY);
        }
        return pending;
    }

    void flush() {
        if (pending != null) {
            ByteBuf out = pending;
            pending = null;
            channel.writeAndFlush(out, channel.voidPromise());
        }
    }

    void close() {
        if (channel != null && channel.isActive()) {
            Packets.disconnect(pending());
            flush();
            channel.close();
        }
    }

    /**
     * Closes the socket without DISCONNECT, as a network outage ends a connection: the broker keeps
     * a persistent session for the client to resume, and would publish its will.
     */
    void drop() {
        if (channel != null) {
            channel.close();
        }
    }

    void packet(int header, ByteBuf in, int body, int length) {
        int type = header >>> 4;
        switch (type) {
            case Packets.PUBLISH -> {
                int qos = header >>> 1 & 3;
                int topicLength = in.getUnsignedShort(body);
                int variable = 2 + topicLength + (qos > 0 ? 2 : 0);
                listener.published(this, in, body + 2, topicLength, body + variable, length - variable);
                if (qos > 0) {
                    int packetId = in.getUnsignedShort(body + 2 + topicLength);
                    Packets.acknowledgement(pending(), qos == 1 ? Packets.PUBACK : Packets.PUBREC, packetId);
                }
            }
            case Packets.PUBACK, Packets.PUBCOMP -> listener.acknowledged(this, in.getUnsignedShort(body));
            case Packets.PUBREC -> Packets.acknowledgement(pending(), Packets.PUBREL, in.getUnsignedShort(body));
            case Packets.PUBREL -> Packets.acknowledgement(pending(), Packets.PUBCOMP, in.getUnsignedShort(body));
            case Packets.CONNACK -> connack(in.getUnsignedByte(body) & 1, in.getUnsignedByte(body + 1));
            case Packets.SUBACK -> suback(in, body, length);
            default -> {
                // PINGRESP and anything else a 3.1.1 broker sends a client needs no answer here.
            }
        }
    }

    private void connack(int acknowledgeFlags, int returnCode) {
        if (returnCode == 0) {
            sessionPresent = acknowledgeFlags == 1;
            connected.complete(this);
        } else {
            connected.completeExceptionally(new IOException(clientId + ": CONNACK return code " + returnCode));
            channel.close();
        }
    }

    private void suback(ByteBuf in, int body, int length) {
        for (int i = 2; i < length; i++) {
            if (in.getUnsignedByte(body + i) == 0x80) {
                subscribed.completeExceptionally(new IOException(clientId + ": the broker refused a subscription"));
                return;
            }
        }
        if (--subacksMissing == 0) {
            subscribed.complete(null);
        }
    }

    void readComplete() {
        flush();
        listener.progress(this);
    }

    void writabilityChanged() {
        if (channel.isWritable()) {
            listener.progress(this);
        }
    }

    /** The connection ended; whatever waited on it fails. */
    void closed(Throwable cause) {
        IOException failure = new IOException(clientId + ": connection closed", cause);
        connected.completeExceptionally(failure);
        if (subscribed != null) {
            subscribed.completeExceptionally(failure);
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
