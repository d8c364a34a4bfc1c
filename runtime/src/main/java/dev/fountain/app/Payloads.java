package dev.fountain.app;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Text conversions shared by payloads and topic levels, and the reverse for values a handler
 * publishes. Numbers may have surrounding blanks (a payload typed in a terminal often ends in a
 * newline); booleans read {@code true/false}, {@code on/off}, {@code yes/no} and {@code 1/0}, in
 * any case, since devices say all of those; enums read their constant name, in any case.
 */
final class Payloads {

    private Payloads() {
    }

    static byte[] encode(Object value, PayloadCodec codec) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?>) {
            String text = value instanceof Enum<?> constant ? constant.name() : value.toString();
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return codec.encode(value);
        } catch (ConversionException e) {
            throw e;
        } catch (Exception e) {
            throw new ConversionException("cannot write a " + value.getClass().getName() + " as a payload: "
                    + e.getMessage(), e);
        }
    }

    static int toInt(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw notA("an int", text, what);
        }
    }

    static long toLong(String text, String what) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw notA("a long", text, what);
        }
    }

    static short toShort(String text, String what) {
        try {
            return Short.parseShort(text.strip());
        } catch (NumberFormatException e) {
            throw notA("a short", text, what);
        }
    }

    static byte toByte(String text, String what) {
        try {
            return Byte.parseByte(text.strip());
        } catch (NumberFormatException e) {
            throw notA("a byte", text, what);
        }
    }

    static double toDouble(String text, String what) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw notA("a double", text, what);
        }
    }

    static float toFloat(String text, String what) {
        try {
            return Float.parseFloat(text.strip());
        } catch (NumberFormatException e) {
            throw notA("a float", text, what);
        }
    }

    static boolean toBoolean(String text, String what) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw notA("a boolean (true/false, on/off, yes/no, 1/0)", text, what);
        };
    }

    static <E extends Enum<E>> E toEnum(String text, Class<E> type, String what) {
        String name = text.strip();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(name)) {
                return constant;
            }
        }
        throw notA("one of " + java.util.Arrays.toString(type.getEnumConstants()), text, what);
    }

    private static ConversionException notA(String type, String text, String what) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return new ConversionException(what + " '" + shown + "' is not " + type);
    }
}
