package dev.fountain.app;

import dev.fountain.app.connector.Connector;

/** {@link Publisher} through the application's {@link Connector}. */
final class ConnectorPublisher implements Publisher {

    private final Connector connector;
    private final PayloadCodec codec;

    ConnectorPublisher(Connector connector, PayloadCodec codec) {
        this.connector = connector;
        this.codec = codec;
    }

    @Override
    public void publish(String topic, Object payload, int qos, boolean retain) {
        connector.publish(topic, Payloads.encode(payload, codec), qos, retain, null);
    }

    /** A response to an MQTT 5 request, with its Correlation Data, which 3.1.1 subscribers do not see. */
    void reply(String responseTopic, Object payload, int qos, byte[] correlationData) {
        connector.publish(responseTopic, Payloads.encode(payload, codec), qos, false, correlationData);
    }
}
