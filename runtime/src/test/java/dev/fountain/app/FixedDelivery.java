package dev.fountain.app;

import dev.fountain.app.connector.Delivery;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A delivery with fixed contents, for tests of what a handler reads; counts its acknowledgements. */
record FixedDelivery(String topic, byte[] bytes, int qos, boolean retained, boolean duplicate, String contentType,
        String responseTopic, byte[] correlationData, List<Map.Entry<String, String>> userProperties, int[] acks)
        implements Delivery {

    FixedDelivery(String topic, String payload, int qos, boolean retained) {
        this(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained, false, null, null, null, List.of(),
                new int[1]);
    }

    @Override
    public ByteBuffer payload() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    @Override
    public byte[] payloadBytes() {
        return bytes.clone();
    }

    @Override
    public String payloadString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String userProperty(String name) {
        return userProperties.stream().filter(p -> p.getKey().equals(name)).map(Map.Entry::getValue).findFirst()
                .orElse(null);
    }

    @Override
    public void done() {
        acks[0]++;
    }
}
