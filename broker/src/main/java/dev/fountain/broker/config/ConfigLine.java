package dev.fountain.broker.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code key value} line of a mosquitto.conf file, and the forms its value can take. A value
 * that does not fit is a {@link ConfigException} naming the file, the line and the key, and saying
 * what was expected and what was found.
 *
 * @param value everything after the key, without surrounding whitespace; empty when there is none
 */
record ConfigLine(Path file, int number, String key, String value) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d+");
    private static final Pattern EXPIRATION = Pattern.compile("(\\d+)([shdwmy])");
    /** Mosquitto's units; its month is 30 days and its year 365. Mosquitto 2.1 added seconds. */
    private static final Map<Character, Long> EXPIRATION_UNITS = Map.of(
            's', 1L, 'h', 3_600L, 'd', 86_400L, 'w', 7 * 86_400L, 'm', 30 * 86_400L, 'y', 365 * 86_400L);

    /** Splits a line that is neither blank nor a comment into its key and its value. */
    static ConfigLine parse(Path file, int number, String text) throws ConfigException {
        String line = text.strip();
        if (line.startsWith("#")) {
            // Mosquitto reads this '#' as a key and stops with "Unknown configuration variable".
            throw new ConfigException(file, number, null,
                    "a comment must start at the beginning of the line, with nothing before '#'");
        }
        String[] keyAndValue = WHITESPACE.split(line, 2);
        return new ConfigLine(file, number, keyAndValue[0], keyAndValue.length > 1 ? keyAndValue[1] : "");
    }

    /** The same key and place with another value, to parse one part of a value on its own. */
    ConfigLine withValue(String part) {
        return new ConfigLine(file, number, key, part);
    }

    ConfigException error(String problem) {
        return new ConfigException(file, number, key, problem);
    }

    /** A warning in the shape of the exception messages: {@code file:line: key: message}. */
    String warning(String message) {
        return file + ":" + number + ": " + key + ": " + message;
    }

    /** The whole value, spaces and '#' included, as Mosquitto reads paths, prefixes and formats. */
    String text(String expected) throws ConfigException {
        if (value.isEmpty()) {
            throw missing(expected);
        }
        return value;
    }

    Path path(String expected) throws ConfigException {
        String text = text(expected);
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw wrong(expected, text);
        }
    }

    /**
     * The words of the value up to a word that starts with '#': Mosquitto never reads past the
     * words a key takes, so people write {@code allow_anonymous true # for the tests}.
     */
    List<String> words() {
        List<String> words = new ArrayList<>();
        for (String word : WHITESPACE.split(value)) {
            if (word.startsWith("#")) {
                break;
            }
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /**
     * The value as a single word. Mosquitto would ignore any further words; they are an error here
     * because they are a mistake, as in {@code log_type error warning}, which logs only errors.
     */
    String word(String expected) throws ConfigException {
        List<String> words = words();
        if (words.isEmpty()) {
            throw missing(expected);
        }
        if (words.size() > 1) {
            throw wrong(expected, String.join(" ", words));
        }
        return words.get(0);
    }

    /** {@code true} or {@code false}; Mosquitto also takes {@code 1} and {@code 0}. */
    boolean bool() throws ConfigException {
        String expected = "true or false";
        String word = word(expected);
        return switch (word) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw wrong(expected, word);
        };
    }

    /**
     * A whole number from {@code min} to {@code max}. Mosquitto reads numbers with {@code atoi}, so
     * {@code ten} would silently become 0, which for most keys means "no limit".
     */
    long number(long min, long max) throws ConfigException {
        String expected = "a whole number from " + min + " to " + max;
        String word = word(expected);
        if (WHOLE_NUMBER.matcher(word).matches()) {
            BigInteger number = new BigInteger(word);
            if (number.compareTo(BigInteger.valueOf(min)) >= 0 && number.compareTo(BigInteger.valueOf(max)) <= 0) {
                return number.longValueExact();
            }
        }
        throw wrong(expected, word);
    }

    int number(int min, int max) throws ConfigException {
        return (int) number((long) min, (long) max);
    }

    /** One of {@code choices}, exactly as written there: Mosquitto's values are case-sensitive. */
    String oneOf(List<String> choices) throws ConfigException {
        String expected = choices.size() == 2
                ? choices.get(0) + " or " + choices.get(1)
                : "one of " + String.join(", ", choices);
        String word = word(expected);
        if (!choices.contains(word)) {
            throw wrong(expected, word);
        }
        return word;
    }

    /**
     * A {@code persistent_client_expiration} value: a count and a unit. A bare number is an error,
     * as in Mosquitto, which has no default unit.
     */
    Duration expiration() throws ConfigException {
        String expected = "a duration such as 2h, 14d, 1w, 1m (a month) or 1y";
        String word = word(expected);
        Matcher matcher = EXPIRATION.matcher(word);
        if (matcher.matches()) {
            BigInteger count = new BigInteger(matcher.group(1));
            // Mosquitto reads the count as an int and refuses zero.
            if (count.signum() > 0 && count.bitLength() < Integer.SIZE) {
                long unit = EXPIRATION_UNITS.get(matcher.group(2).charAt(0));
                return Duration.ofSeconds(count.longValueExact() * unit);
            }
        }
        throw wrong(expected, word);
    }

    ConfigException missing(String expected) {
        return error("expected " + expected + ", found nothing");
    }

    ConfigException wrong(String expected, String found) {
        return error("expected " + expected + ", found '" + found + "'");
    }
}
