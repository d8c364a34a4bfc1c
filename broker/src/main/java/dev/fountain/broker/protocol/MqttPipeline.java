package dev.fountain.broker.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;

/**
 * The MQTT stages of a connection's pipeline, the same behind every listener type: a WebSocket or
 * TLS listener only adds stages in front of these.
 *
 * <p>A new connection starts with two stages, the framer and the connection; the decoder joins with
 * the first whole packet and the encoders with the first packet written. Connections that are
 * opened and never used are the cheapest way to take a broker's memory, so they get no more than
 * they use.
 */
public final class MqttPipeline {

    /** MQTT 3.1 limits client identifiers to 23 characters; 3.1.1 and 5 let the server choose. */
    private static final int MQTT_3_1_MAX_CLIENT_ID = 23;
    static final String CONNECTION = "mqtt-connection";

    private MqttPipeline() {
    }

    public static void addMqttHandlers(ChannelPipeline pipeline, BrokerContext broker) {
        pipeline.addLast("mqtt-bytes", broker.stats().byteCounter());
        pipeline.addLast("mqtt-framer", new PacketFramer(broker.config().maxPacketSize()));
        pipeline.addLast(CONNECTION, new MqttConnection(broker));
    }

    /** Puts Netty's decoder after the framer, before the framer hands on its first packet. */
    static void addDecoder(ChannelHandlerContext framer, int maxPacketSize) {
        framer.pipeline().addAfter(framer.name(), "mqtt-decoder", new MqttDecoder(maxPacketSize, MQTT_3_1_MAX_CLIENT_ID));
    }

    /** Puts the encoders before the connection, before it writes its first packet. */
    static void addEncoders(ChannelHandlerContext connection, MqttConnection handler) {
        connection.pipeline().addBefore(CONNECTION, "mqtt-encoder", MqttEncoder.INSTANCE);
        connection.pipeline().addBefore(CONNECTION, "publish-encoder", new PublishEncoder(handler));
    }
}
