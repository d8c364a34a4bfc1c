package dev.fountain.broker.protocol;

import io.netty.channel.ChannelPipeline;

/**
 * The MQTT stage of a connection's pipeline, the same behind every listener type: a WebSocket or
 * TLS listener only adds stages in front of it. It is one handler, {@link MqttConnection}, which
 * frames, decodes, counts and encodes itself: each stage of a pipeline costs a connection its
 * handler and a context, and every packet a hop, and an idle connection would pay for all of them.
 */
public final class MqttPipeline {

    static final String CONNECTION = "mqtt-connection";

    private MqttPipeline() {
    }

    public static void addMqttHandlers(ChannelPipeline pipeline, BrokerContext broker) {
        pipeline.addLast(CONNECTION, new MqttConnection(broker));
    }
}
