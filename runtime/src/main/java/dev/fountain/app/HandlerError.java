package dev.fountain.app;

/**
 * A message a handler could not take: its parameters did not convert, or it threw.
 *
 * @param handler the handler, as {@code Class#method}
 * @param topic the message's topic
 * @param payload the message's payload
 * @param cause what went wrong; a {@link ConversionException} when a parameter did not convert
 */
public record HandlerError(String handler, String topic, byte[] payload, Throwable cause) {
}
