package dev.fountain.broker.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One scrape of a {@code /metrics} endpoint, parsed strictly by the Prometheus text exposition
 * format 0.0.4 (what a Prometheus server reads): every line is a {@code # HELP}, a {@code # TYPE}
 * or a sample; names and label names are valid; label values are quoted with only the three
 * escapes; each sample belongs to the family its last {@code # TYPE} declared (a counter's as
 * {@code _total}, a summary's as {@code _count}, {@code _sum}, a Micrometer {@code _max} gauge
 * family of its own); no family is declared twice and no series appears twice. Any violation
 * fails with the line. The parsed samples are then looked up by name and labels.
 */
public final class PrometheusScrape {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "summary", "histogram", "untyped");

    /** A sample: its name, its labels sorted by name, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String contentType;
    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusScrape(String contentType) {
        this.contentType = contentType;
    }

    /** GETs {@code http://127.0.0.1:<port>/metrics} and parses it; fails on anything but 200 and valid text. */
    public static PrometheusScrape of(int httpPort) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        PrometheusScrape scrape = new PrometheusScrape(response.headers().firstValue("content-type").orElse(""));
        scrape.parse(response.body());
        return scrape;
    }

    /** Parses {@code text} on its own. */
    public static PrometheusScrape parse(String contentType, String text) {
        PrometheusScrape scrape = new PrometheusScrape(contentType);
        scrape.parse(text);
        return scrape;
    }

    public String contentType() {
        return contentType;
    }

    /** The declared type of each family. */
    public Map<String, String> types() {
        return types;
    }

    public List<Sample> samples() {
        return samples;
    }

    /**
     * The value of the one series named {@code name} with exactly these labels (given as
     * key, value, key, value).
     *
     * @throws AssertionError when there is none
     */
    public double value(String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().equals(wanted)) {
                return sample.value();
            }
        }
        throw new AssertionError("no series " + name + wanted + " in the scrape; its names: "
                + samples.stream().map(Sample::name).distinct().toList());
    }

    /** The samples named {@code name} whose labels include these (key, value, ...). */
    public List<Sample> matching(String name, String... labels) {
        List<Sample> found = new ArrayList<>();
        outer:
        for (Sample sample : samples) {
            if (!sample.name().equals(name)) {
                continue;
            }
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                    continue outer;
                }
            }
            found.add(sample);
        }
        return found;
    }

    private void parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the exposition does not end with a line feed");
        }
        String family = null;
        Set<String> helped = new HashSet<>();
        Set<String> series = new HashSet<>();
        Map<String, Boolean> familySampled = new HashMap<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + number + " '" + line + "': ";
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                requireName(parts[0], where);
                if (!helped.add(parts[0])) {
                    throw new AssertionError(where + "a second HELP for " + parts[0]);
                }
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                if (parts.length != 2 || !TYPES.contains(parts[1])) {
                    throw new AssertionError(where + "not '# TYPE <name> <type>'");
                }
                requireName(parts[0], where);
                if (types.put(parts[0], parts[1]) != null) {
                    throw new AssertionError(where + "a second TYPE for " + parts[0]);
                }
                family = parts[0];
            } else if (line.startsWith("#")) {
                continue;
            } else {
                Sample sample = sample(line, where);
                if (family == null || !belongs(sample.name(), family, types.get(family))) {
                    throw new AssertionError(where + "the sample is not of the family its TYPE line declared ("
                            + family + ")");
                }
                familySampled.put(family, true);
                if (!series.add(sample.name() + sample.labels())) {
                    throw new AssertionError(where + "the series appears twice");
                }
                samples.add(sample);
            }
        }
        for (String declared : types.keySet()) {
            if (!familySampled.containsKey(declared)) {
                throw new AssertionError("the family " + declared + " has a TYPE but no sample");
            }
        }
    }

    private static boolean belongs(String name, String family, String type) {
        String base = family.endsWith("_total") ? family.substring(0, family.length() - 6) : family;
        return switch (type) {
            case "counter" -> name.equals(base + "_total") || name.equals(base + "_created");
            case "summary" -> name.equals(family) || name.equals(family + "_count") || name.equals(family + "_sum");
            case "histogram" -> name.equals(family + "_bucket") || name.equals(family + "_count")
                    || name.equals(family + "_sum");
            default -> name.equals(family);
        };
    }

    private static Sample sample(String line, String where) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (space < 0) {
            throw new AssertionError(where + "no value");
        }
        String name;
        Map<String, String> labels = new TreeMap<>();
        String rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int at = brace + 1;
            while (line.charAt(at) != '}') {
                int equals = line.indexOf('=', at);
                if (equals < 0 || line.charAt(equals + 1) != '"') {
                    throw new AssertionError(where + "a label without '=\"'");
                }
                String key = line.substring(at, equals);
                if (!LABEL.matcher(key).matches()) {
                    throw new AssertionError(where + "invalid label name '" + key + "'");
                }
                StringBuilder value = new StringBuilder();
                int i = equals + 2;
                for (; line.charAt(i) != '"'; i++) {
                    char c = line.charAt(i);
                    if (c == '\\') {
                        char escaped = line.charAt(++i);
                        switch (escaped) {
                            case '\\', '"' -> value.append(escaped);
                            case 'n' -> value.append('\n');
                            default -> throw new AssertionError(where + "the escape \\" + escaped + " is not allowed");
                        }
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(key, value.toString()) != null) {
                    throw new AssertionError(where + "the label " + key + " twice");
                }
                at = i + 1;
                if (line.charAt(at) == ',') {
                    at++;
                }
            }
            rest = line.substring(at + 1);
            if (!rest.startsWith(" ")) {
                throw new AssertionError(where + "no space before the value");
            }
            rest = rest.substring(1);
        } else {
            name = line.substring(0, space);
            rest = line.substring(space + 1);
        }
        if (!NAME.matcher(name).matches()) {
            throw new AssertionError(where + "invalid metric name '" + name + "'");
        }
        String[] valueAndTime = rest.split(" ");
        if (valueAndTime.length > 2) {
            throw new AssertionError(where + "more than a value and a timestamp");
        }
        double value;
        try {
            value = switch (valueAndTime[0]) {
                case "NaN" -> Double.NaN;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(valueAndTime[0]);
            };
            if (valueAndTime.length == 2) {
                Long.parseLong(valueAndTime[1]);
            }
        } catch (NumberFormatException e) {
            throw new AssertionError(where + "not a number: " + rest);
        }
        return new Sample(name, labels, value);
    }

    private static void requireName(String name, String where) {
        if (!NAME.matcher(name).matches()) {
            throw new AssertionError(where + "invalid metric name '" + name + "'");
        }
    }
}
