package dev.fountain.broker.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sequence numbers written for a failure message: {@code 1-250, 300, 512-800}, cut after a few dozen. */
final class Ranges {

    private static final int SHOWN = 40;

    private Ranges() {
    }

    static String of(Collection<Integer> numbers) {
        List<Integer> sorted = numbers.stream().sorted().toList();
        List<String> ranges = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            ranges.add(i == j ? String.valueOf(sorted.get(i)) : sorted.get(i) + "-" + sorted.get(j));
            i = j + 1;
        }
        return cut(ranges);
    }

    /** {@code 17 (x2), 18 (x3)}. */
    static String counted(Map<Integer, Integer> counts) {
        return cut(new TreeMap<>(counts).entrySet().stream().map(e -> e.getKey() + " (x" + e.getValue() + ")").toList());
    }

    private static String cut(List<String> items) {
        if (items.size() <= SHOWN) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, SHOWN)) + ", ... (" + (items.size() - SHOWN) + " more)";
    }
}
