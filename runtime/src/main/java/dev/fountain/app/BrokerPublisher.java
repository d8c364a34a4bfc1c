package dev.fountain.app;

import dev.fountain.broker.Broker;
import dev.fountain.broker.routing.PublishProperties;
import io.netty.buffer.Unpooled;

/** {@link Publisher} straight into the embedded broker's router. */
final class BrokerPublisher implements Publisher {

    private final Broker broker;
    private final PayloadCodec codec;

    BrokerPublisher(Broker broker, PayloadCodec codec) {
        this.broker = broker;
        this.codec = codec;
    }

    @Override
    public void publish(String topic, Object payload, int qos, boolean retain) {
        publish(topic, payload, qos, retain, PublishProperties.NONE);
    }

    /** Publishes with MQTT 5 properties, which 3.1.1 subscribers do not see. */
    void publish(String topic, Object payload, int qos, boolean retain, PublishProperties properties) {
        broker.publish(topic, Unpooled.wrappedBuffer(Payloads.encode(payload, codec)), qos, retain, properties);
    }
}
