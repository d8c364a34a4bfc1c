package dev.fountain.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a scenario measured, as one human line and one machine line
 * ({@code RESULT scenario=fan-in qos=1 rate=... loss=0 ...}) that compare.sh reads.
 */
final class Result {

    private static final String[] COUNTERS = {"loss", "dup", "ooo", "misrouted", "unacked", "disconnected"};

    private final Map<String, Object> values = new LinkedHashMap<>();
    private String summary = "";

    Result(String scenario) {
        values.put("scenario", scenario);
    }

    Result put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /**
     * The correctness counters: messages that never arrived, arrived twice, arrived after a later
     * one of the same stream, arrived where they should not; QoS 1/2 exchanges the broker never
     * completed; connections the broker closed.
     */
    Result correctness(long loss, long duplicates, long outOfOrder, long misrouted, long unacked, long disconnected) {
        long[] counts = {loss, duplicates, outOfOrder, misrouted, unacked, disconnected};
        for (int i = 0; i < COUNTERS.length; i++) {
            values.put(COUNTERS[i], counts[i]);
        }
        return this;
    }

    Result summary(String text) {
        this.summary = text;
        return this;
    }

    Object get(String key) {
        return values.get(key);
    }

    /** Every correctness counter present is zero. */
    boolean correct() {
        for (String counter : COUNTERS) {
            Object value = values.get(counter);
            if (value instanceof Long count && count != 0) {
                return false;
            }
        }
        return true;
    }

    String humanLine() {
        StringBuilder line = new StringBuilder(summary);
        boolean first = true;
        for (String counter : COUNTERS) {
            if (values.containsKey(counter)) {
                line.append(first ? "; " : ", ").append(counter).append(' ').append(values.get(counter));
                first = false;
            }
        }
        return line.append(correct() ? "" : "  ** INCORRECT **").toString();
    }

    String machineLine() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ", "RESULT ", ""));
    }
}
