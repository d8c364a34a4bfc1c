package example;

import dev.fountain.Subscribe;
import java.nio.ByteBuffer;

class Payloads {

    @Subscribe("text")
    void text(String payload) {
    }

    @Subscribe("bytes")
    void bytes(byte[] payload) {
    }

    @Subscribe("buffer")
    void buffer(ByteBuffer payload) {
    }

    @Subscribe("int")
    void primitiveInt(int payload) {
    }

    @Subscribe("integer")
    void boxedInt(Integer payload) {
    }

    @Subscribe("long")
    void primitiveLong(long payload) {
    }

    @Subscribe("long/boxed")
    void boxedLong(Long payload) {
    }

    @Subscribe("short")
    void primitiveShort(short payload) {
    }

    @Subscribe("short/boxed")
    void boxedShort(Short payload) {
    }

    @Subscribe("byte")
    void primitiveByte(byte payload) {
    }

    @Subscribe("byte/boxed")
    void boxedByte(Byte payload) {
    }

    @Subscribe("double")
    void primitiveDouble(double payload) {
    }

    @Subscribe("double/boxed")
    void boxedDouble(Double payload) {
    }

    @Subscribe("float")
    void primitiveFloat(float payload) {
    }

    @Subscribe("float/boxed")
    void boxedFloat(Float payload) {
    }

    @Subscribe("boolean")
    void primitiveBoolean(boolean payload) {
    }

    @Subscribe("boolean/boxed")
    void boxedBoolean(Boolean payload) {
    }

    @Subscribe("enum")
    void mode(Mode payload) {
    }

    @Subscribe("record")
    void reading(Reading payload) {
    }

    @Subscribe("interface")
    void event(Event payload) {
    }

    @Subscribe("nested")
    void nested(Reading.Unit payload) {
    }
}
