package dev.fountain.app;

/** A topic level or payload that does not convert to the type a handler parameter asks for. */
public final class ConversionException extends RuntimeException {

    public ConversionException(String message) {
        super(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
