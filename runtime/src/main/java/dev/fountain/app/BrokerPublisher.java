package dev.fountain.app;

import dev.fountain.broker.Broker;
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
        broker.publish(topic, Unpooled.wrappedBuffer(Payloads.encode(payload, codec)), qos, retain);
    }
}
