package dev.fountain.broker.transport;

import dev.fountain.broker.protocol.BrokerContext;
import dev.fountain.broker.protocol.MqttPipeline;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/** The pipeline of a plain MQTT-over-TCP connection. */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    private final BrokerContext broker;

    MqttChannelInitializer(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    protected void initChannel(Channel channel) {
        MqttPipeline.addMqttHandlers(channel.pipeline(), broker);
    }
}
