package dev.fountain.app;

/** The codec when there is no Jackson and the application bound none: says what to add. */
final class MissingCodec implements PayloadCodec {

    private static final String FIX = "add com.fasterxml.jackson.core:jackson-databind to the application, or bind a "
            + PayloadCodec.class.getName() + " in a Guice module";

    @Override
    public <T> T decode(byte[] payload, Class<T> type) {
        throw new ConversionException("no codec to read a " + type.getName() + " from the payload: " + FIX);
    }

    @Override
    public byte[] encode(Object value) {
        throw new ConversionException("no codec to write a " + value.getClass().getName() + " as a payload: " + FIX);
    }
}
