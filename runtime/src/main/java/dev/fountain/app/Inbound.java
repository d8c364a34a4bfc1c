package dev.fountain.app;

import java.nio.ByteBuffer;

/**
 * A message as generated routing code sees it: the topic, its wildcard levels and its payload, each
 * converted to the type a handler parameter asks for. A value that does not convert throws
 * {@link ConversionException}, which the dispatcher reports with the handler and the topic.
 */
public interface Inbound {

    String topic();

    int qos();

    boolean retained();

    boolean duplicate();

    /** The level wildcard {@code index} of the route's filter matched. */
    String wildcard(int index);

    int wildcardInt(int index);

    long wildcardLong(int index);

    double wildcardDouble(int index);

    boolean wildcardBoolean(int index);

    <E extends Enum<E>> E wildcardEnum(int index, Class<E> type);

    /** A copy of the payload. */
    byte[] payloadBytes();

    /** The payload, read-only. */
    ByteBuffer payloadBuffer();

    /** The payload as UTF-8 text. */
    String payloadString();

    int payloadInt();

    long payloadLong();

    short payloadShort();

    byte payloadByte();

    double payloadDouble();

    float payloadFloat();

    boolean payloadBoolean();

    <E extends Enum<E>> E payloadEnum(Class<E> type);

    /** The payload as JSON, read into {@code type} by the application's codec. */
    <T> T payloadJson(Class<T> type);

    /** The first value of the MQTT 5 user property {@code name}, or {@code null}. */
    String userProperty(String name);

    /** The MQTT 5 Content Type, or {@code null}. */
    String contentType();

    /** The MQTT 5 Response Topic of a request, or {@code null}. */
    String responseTopic();

    /** The MQTT 5 Correlation Data of a request, or {@code null}. */
    byte[] correlationData();
}
