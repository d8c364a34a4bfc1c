package dev.fountain.broker.local;

import java.util.List;

/**
 * The MQTT 5 properties an in-process publisher can give a message, and a subscriber reads: MQTT
 * 3.1.1 subscribers receive the message without them, as their protocol has no place for them.
 *
 * @param correlationData {@code null} for none
 * @param userProperties name/value pairs in order; names may repeat
 */
public record Metadata(String contentType, String responseTopic, byte[] correlationData,
        List<UserProperty> userProperties) {

    public static final Metadata NONE = new Metadata(null, null, null, List.of());

    /** One user property (MQTT 5.0 section 3.3.2.3.7). */
    public record UserProperty(String name, String value) {
    }

    public Metadata {
        correlationData = correlationData == null ? null : correlationData.clone();
        userProperties = List.copyOf(userProperties);
    }

    /** Only a response's correlation data: what a reply to a request carries (MQTT 5.0 section 4.10). */
    public static Metadata correlation(byte[] correlationData) {
        return new Metadata(null, null, correlationData, List.of());
    }

    @Override
    public byte[] correlationData() {
        return correlationData == null ? null : correlationData.clone();
    }
}
