package dev.fountain.broker.transport;

import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's WebSocket client with MQTT packets in and out as bytes, so that a test decides exactly
 * how they are cut into frames, and sees how the broker's answers were framed and how it closed.
 */
final class WebSocketClient implements AutoCloseable {

    private final WebSocket socket;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1 << 20));
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private final AtomicInteger messages = new AtomicInteger();
    private volatile int closeCode = -1;

    private WebSocketClient(URI uri, String... subprotocols) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        socket = builder.buildAsync(uri, new Listener()).join();
    }

    static WebSocketClient open(int port, String path, String... subprotocols) {
        return new WebSocketClient(URI.create("ws://127.0.0.1:" + port + path), subprotocols);
    }

    /** The bytes of {@code packets}, encoded back to back. */
    static byte[] encode(MqttMessage... packets) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (MqttMessage packet : packets) {
            encoder.writeOutbound(packet);
            ByteBuf encoded;
            while ((encoded = encoder.readOutbound()) != null) {
                bytes.writeBytes(ByteBufUtil.getBytes(encoded));
                encoded.release();
            }
        }
        encoder.finishAndReleaseAll();
        return bytes.toByteArray();
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends one binary frame, or the first or a middle fragment of a message when {@code last} is false. */
    void sendBinary(byte[] bytes, boolean last) {
        socket.sendBinary(ByteBuffer.wrap(bytes), last).join();
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** The next packet from the broker, waiting up to five seconds. */
    MqttMessage receive() {
        MqttMessage[] received = new MqttMessage[1];
        await("a packet from the broker").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                .until(() -> (received[0] = next()) != null);
        return received[0];
    }

    private synchronized MqttMessage next() {
        MqttMessage packet = decoder.readInbound();
        // The tests look at headers only.
        ReferenceCountUtil.release(packet);
        return packet;
    }

    /** How many whole WebSocket messages have arrived. */
    int messagesReceived() {
        return messages.get();
    }

    /** The status code of the broker's Close frame, waiting up to five seconds for it. */
    int awaitCloseCode() {
        await("a Close frame").atMost(Duration.ofSeconds(5)).until(() -> closeCode >= 0);
        return closeCode;
    }

    /** Drops the connection without a Close frame. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
        decoder.finishAndReleaseAll();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            synchronized (WebSocketClient.this) {
                message.writeBytes(bytes);
                if (last) {
                    decoder.writeInbound(Unpooled.wrappedBuffer(message.toByteArray()));
                    message.reset();
                    messages.incrementAndGet();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }
    }
}
