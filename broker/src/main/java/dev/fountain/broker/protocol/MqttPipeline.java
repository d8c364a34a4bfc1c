package dev.fountain.broker.protocol;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;

/**
 * The MQTT stages of a connection's pipeline, the same behind every listener type: a WebSocket or
 * TLS listener only adds stages in front of these.
 */
public final class MqttPipeline {

    /** MQTT 3.1 limits client identifiers to 23 characters; 3.1.1 and 5 let the server choose. */
    private static final int MQTT_3_1_MAX_CLIENT_ID = 23;

    private MqttPipeline() {
    }

    public static void addMqttHandlers(ChannelPipeline pipeline, BrokerContext broker) {
        MqttConnection connection = new MqttConnection(broker);
        pipeline.addLast("mqtt-framer", new PacketFramer(broker.config().maxPacketSize()));
        pipeline.addLast("mqtt-decoder", new MqttDecoder(broker.config().maxPacketSize(), MQTT_3_1_MAX_CLIENT_ID));
        pipeline.addLast("mqtt-encoder", MqttEncoder.INSTANCE);
        pipeline.addLast("publish-encoder", new PublishEncoder(connection));
        pipeline.addLast("mqtt-connection", connection);
    }
}
