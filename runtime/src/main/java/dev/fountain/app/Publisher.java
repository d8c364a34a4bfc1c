package dev.fountain.app;

/**
 * Publishes messages from application code; inject it where a handler or service needs to send.
 * The payload is converted as {@code @Publish} return values are: {@code String} as UTF-8,
 * {@code byte[]} and {@code ByteBuffer} as they are, numbers, booleans and enums as text, anything
 * else through the {@link PayloadCodec} (JSON with Jackson).
 */
public interface Publisher {

    /** Publishes at QoS 0, not retained. */
    default void publish(String topic, Object payload) {
        publish(topic, payload, 0, false);
    }

    /**
     * @throws IllegalArgumentException when the topic is not a valid topic name or QoS is not 0-2
     * @throws ConversionException when the payload cannot be converted
     * @throws dev.fountain.app.connector.PublishRefusedException when the broker's ACL does not let
     *     the application's user ({@code fountain.acl-user}) write the topic
     */
    void publish(String topic, Object payload, int qos, boolean retain);
}
