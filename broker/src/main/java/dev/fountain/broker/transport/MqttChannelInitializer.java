package dev.fountain.broker.transport;

import dev.fountain.broker.protocol.BrokerContext;
import dev.fountain.broker.protocol.MqttPipeline;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/** The pipeline of an MQTT-over-TCP connection, encrypted where the listener has TLS. */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    private final BrokerContext broker;
    private final ServerTls tls;

    /** @param tls the listener's TLS, or {@code null} */
    MqttChannelInitializer(BrokerContext broker, ServerTls tls) {
        this.broker = broker;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (tls != null) {
            tls.addTo(channel.pipeline());
        }
        MqttPipeline.addMqttHandlers(channel.pipeline(), broker);
    }
}
