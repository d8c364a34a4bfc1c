package dev.fountain.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON through Jackson, when the application has it; the only class that touches Jackson. */
final class JacksonCodec implements PayloadCodec {

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static boolean available() {
        try {
            Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, JacksonCodec.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public <T> T decode(byte[] payload, Class<T> type) throws Exception {
        return mapper.readValue(payload, type);
    }

    @Override
    public byte[] encode(Object value) throws Exception {
        return mapper.writeValueAsBytes(value);
    }
}
