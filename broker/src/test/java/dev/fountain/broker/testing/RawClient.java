package dev.fountain.broker.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A client over a plain socket that sends exactly the bytes a test asks for, right or wrong, and
 * decodes what comes back: for protocol corner cases no well-behaved client library produces.
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1 << 20));

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        socket.setSoTimeout(5000);
    }

    public static RawClient open(int port) throws IOException {
        return new RawClient(new Socket("127.0.0.1", port));
    }

    /** A connection whose packets are encoded and decoded as MQTT 5. */
    public static RawClient openV5(int port) throws IOException {
        RawClient client = open(port);
        // Netty's MQTT codec picks the version from this channel attribute, set when it decodes a CONNECT.
        io.netty.util.AttributeKey<MqttVersion> version = io.netty.util.AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");
        client.encoder.attr(version).set(MqttVersion.MQTT_5);
        client.decoder.attr(version).set(MqttVersion.MQTT_5);
        return client;
    }

    /**
     * An MQTT 5 connection whose socket takes at most about {@code receiveBufferBytes} before the
     * broker's writes back up: a client that is slow to read.
     */
    public static RawClient connectV5SlowReader(int port, String clientId, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        RawClient client = new RawClient(socket);
        io.netty.util.AttributeKey<MqttVersion> version = io.netty.util.AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");
        client.encoder.attr(version).set(MqttVersion.MQTT_5);
        client.decoder.attr(version).set(MqttVersion.MQTT_5);
        client.send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_5).keepAlive(0).build());
        client.receive();
        return client;
    }

    /** An MQTT 5 connection, connected with {@code properties} and clean start. */
    public static RawClient connectV5(int port, String clientId, io.netty.handler.codec.mqtt.MqttProperties properties)
            throws IOException {
        RawClient client = openV5(port);
        client.send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_5).keepAlive(0).properties(properties).build());
        MqttConnAckMessage connack = (MqttConnAckMessage) client.receive();
        if (connack.variableHeader().connectReturnCode() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            throw new IOException("CONNECT refused: " + connack.variableHeader().connectReturnCode());
        }
        return client;
    }

    /** Opens a connection and completes a CONNECT with CleanSession 1 and no keep alive. */
    public static RawClient connect(int port, String clientId) throws IOException {
        RawClient client = open(port);
        client.send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_3_1_1).keepAlive(0).build());
        MqttConnAckMessage connack = (MqttConnAckMessage) client.receive();
        if (connack.variableHeader().connectReturnCode() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            throw new IOException("CONNECT refused: " + connack.variableHeader().connectReturnCode());
        }
        return client;
    }

    public void send(MqttMessage message) throws IOException {
        encoder.writeOutbound(message);
        ByteBuf bytes;
        while ((bytes = encoder.readOutbound()) != null) {
            try {
                sendBytes(ByteBufUtil.getBytes(bytes));
            } finally {
                bytes.release();
            }
        }
    }

    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void publish(String topic, String payload, int qos, int packetId, boolean duplicate) throws IOException {
        MqttPublishMessage publish = MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos))
                .messageId(packetId).retained(false)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
        send(duplicate ? withDup(publish) : publish);
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP for {@code packetId}, with the flags each must carry. */
    public static MqttMessage ack(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 2),
                io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader.from(packetId));
    }

    private static MqttPublishMessage withDup(MqttPublishMessage publish) {
        MqttFixedHeader fixed = publish.fixedHeader();
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, true, fixed.qosLevel(), false, 0),
                publish.variableHeader(), publish.payload());
    }

    /** Sends {@code message} and returns the broker's first answer. */
    public MqttMessage receiveAfter(MqttMessage message) throws IOException {
        send(message);
        return receive();
    }

    /** The next packet from the broker; fails after five seconds or when the broker closed. */
    public MqttMessage receive() throws IOException {
        while (true) {
            MqttMessage message = decoder.readInbound();
            if (message instanceof MqttPublishMessage publish) {
                // An untracked copy, so tests may read the payload without releasing anything.
                byte[] payload = ByteBufUtil.getBytes(publish.payload());
                publish.release();
                return new MqttPublishMessage(publish.fixedHeader(), publish.variableHeader(),
                        Unpooled.wrappedBuffer(payload));
            }
            if (message != null) {
                ReferenceCountUtil.release(message);
                return message;
            }
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the broker closed the connection");
            }
            decoder.writeInbound(Unpooled.wrappedBuffer(buffer, 0, n));
        }
    }

    /** Whether the broker closes the connection within five seconds (packets before that are skipped). */
    public boolean closedByBroker() throws IOException {
        try {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // skip anything sent before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Whether nothing at all arrives within {@code window}: no packet and no close. What does
     * arrive is kept for {@link #receive()}.
     */
    public boolean silentFor(java.time.Duration window) throws IOException {
        if (decoder.inboundMessages().size() > 0) {
            return false;
        }
        socket.setSoTimeout((int) window.toMillis());
        try {
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            if (n > 0) {
                decoder.writeInbound(Unpooled.wrappedBuffer(buffer, 0, n));
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    /** Drops the TCP connection without DISCONNECT, as a device losing power does. */
    public void kill() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
    }
}
