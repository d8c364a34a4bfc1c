package dev.fountain.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code ${key}} placeholders in topic filters and names, resolved from configuration at startup:
 * {@code site/${garden.id}/+/temp}. The processor checks their syntax at compile time; the runtime
 * replaces them, then checks the result with {@link Topics} like any other topic.
 */
public final class Placeholders {

    private Placeholders() {
    }

    /** The keys {@code text} refers to, in order; empty when it has none. */
    public static List<String> keys(String text) {
        List<String> keys = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = text.indexOf("${", from);
            if (start < 0) {
                return keys;
            }
            int end = text.indexOf('}', start);
            keys.add(text.substring(start + 2, end));
            from = end + 1;
        }
    }

    /**
     * Why the placeholders of {@code text} are malformed (an unclosed {@code ${}, an empty or
     * nested key), or {@code null} when they are fine.
     */
    public static String problem(String text) {
        int from = 0;
        while (true) {
            int start = text.indexOf("${", from);
            if (start < 0) {
                return null;
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                return "the placeholder at index " + start + " has no closing '}': write ${key}";
            }
            String key = text.substring(start + 2, end);
            if (key.isBlank()) {
                return "the placeholder at index " + start + " has no key: write ${key}";
            }
            if (key.contains("${") || key.contains("/") || key.contains("+") || key.contains("#")) {
                return "the placeholder key '" + key + "' must not contain '${', '/', '+' or '#'";
            }
            from = end + 1;
        }
    }

    /**
     * {@code text} with every placeholder replaced by {@code values.apply(key)}.
     *
     * @throws IllegalArgumentException naming the first key {@code values} has no value for
     */
    public static String resolve(String text, Function<String, String> values) {
        StringBuilder resolved = new StringBuilder();
        int from = 0;
        while (true) {
            int start = text.indexOf("${", from);
            if (start < 0) {
                return resolved.append(text, from, text.length()).toString();
            }
            int end = text.indexOf('}', start);
            String key = text.substring(start + 2, end);
            String value = values.apply(key);
            if (value == null) {
                throw new IllegalArgumentException("no value for the placeholder ${" + key + "}");
            }
            resolved.append(text, from, start).append(value);
            from = end + 1;
        }
    }

    /** {@code text} with each placeholder standing for one literal level, for compile-time checks. */
    public static String withSampleValues(String text) {
        return resolve(text, key -> "placeholder");
    }
}
