package dev.fountain.bench.fuzz;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The counts of a fuzz run: outcomes of mutated cases and of the unmutated control cases, which
 * packet types each protocol level's cases held and had mutated, and the first wedged cases in hex
 * so that they can be replayed. Touched by the runner's thread only.
 */
final class FuzzStats {

    private static final int EXAMPLES = 8;
    private static final int EXAMPLE_BYTES = 160;

    private final long[][] outcomes = new long[2][CaseRunner.Outcome.values().length];
    private final long[][] present = new long[3][PacketType.values().length];
    private final long[][] mutated = new long[3][PacketType.values().length];
    private final long[] byVersion = new long[3];
    private final List<String> wedgedExamples = new ArrayList<>();
    private long cases;

    void record(FuzzCase fuzzCase, CaseRunner.Outcome outcome) {
        cases++;
        outcomes[fuzzCase.mutated() ? 1 : 0][outcome.ordinal()]++;
        int version = fuzzCase.version() - 3;
        byVersion[version]++;
        for (PacketType type : PacketType.values()) {
            if ((fuzzCase.presentTypes() & 1 << type.ordinal()) != 0) {
                present[version][type.ordinal()]++;
            }
            if ((fuzzCase.mutatedTypes() & 1 << type.ordinal()) != 0) {
                mutated[version][type.ordinal()]++;
            }
        }
        if (outcome == CaseRunner.Outcome.WEDGED && wedgedExamples.size() < EXAMPLES) {
            String hex = fuzzCase.hex();
            wedgedExamples.add(String.format(Locale.ROOT, "case %d, MQTT %s, %d bytes: %s", fuzzCase.index(),
                    fuzzCase.versionName(), fuzzCase.bytes().length,
                    hex.length() > 3 * EXAMPLE_BYTES ? hex.substring(0, 3 * EXAMPLE_BYTES) + "..." : hex));
        }
    }

    long cases() {
        return cases;
    }

    long count(CaseRunner.Outcome outcome) {
        return outcomes[0][outcome.ordinal()] + outcomes[1][outcome.ordinal()];
    }

    String progressLine(double seconds) {
        return String.format(Locale.ROOT, "%,d cases in %.0f s (%,.0f/s): answered %,d, closed %,d, wedged %,d, "
                + "refused %,d", cases, seconds, cases / Math.max(seconds, 0.001), count(CaseRunner.Outcome.ANSWERED),
                count(CaseRunner.Outcome.CLOSED), count(CaseRunner.Outcome.WEDGED), count(CaseRunner.Outcome.REFUSED));
    }

    void print(PrintStream out) {
        out.println("outcome            mutated   control (valid sequences)");
        for (CaseRunner.Outcome outcome : CaseRunner.Outcome.values()) {
            out.printf(Locale.ROOT, "%-12s %,13d %,13d%n", outcome.name().toLowerCase(Locale.ROOT),
                    outcomes[1][outcome.ordinal()], outcomes[0][outcome.ordinal()]);
        }
        out.println();
        out.printf(Locale.ROOT, "cases by protocol level: MQTT 3.1 %,d, 3.1.1 %,d, 5 %,d%n", byVersion[0],
                byVersion[1], byVersion[2]);
        out.println("packet type     cases holding it (3.1 / 3.1.1 / 5)     cases with it mutated (3.1 / 3.1.1 / 5)");
        for (PacketType type : PacketType.values()) {
            int t = type.ordinal();
            out.printf(Locale.ROOT, "%-13s %,11d %,11d %,11d   %,11d %,11d %,11d%n", type, present[0][t],
                    present[1][t], present[2][t], mutated[0][t], mutated[1][t], mutated[2][t]);
        }
        if (!wedgedExamples.isEmpty()) {
            out.println();
            out.println("first wedged cases (chunks as written, '|' between writes; then PINGREQ c0 00):");
            wedgedExamples.forEach(example -> out.println("  " + example));
        }
    }
}
