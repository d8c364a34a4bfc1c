package dev.fountain.app;

/**
 * Turns payloads into objects and back, for handler parameters and {@code @Publish} return values
 * that are not text, bytes, numbers or enums. With Jackson on the class path Fountain uses JSON;
 * bind your own implementation in a Guice module for another format.
 */
public interface PayloadCodec {

    <T> T decode(byte[] payload, Class<T> type) throws Exception;

    byte[] encode(Object value) throws Exception;
}
