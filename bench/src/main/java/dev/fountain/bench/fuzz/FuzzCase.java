package dev.fountain.bench.fuzz;

import java.util.HexFormat;

/**
 * One connection's byte stream: what is written, where it is cut into separate writes, and which
 * packet types it holds ({@code presentTypes}) and had mutated ({@code mutatedTypes}), as bit sets
 * over {@link PacketType}. {@code mutatedTypes == 0}: a valid sequence, the control group.
 *
 * @param version the protocol level of its CONNECT: 3 (3.1), 4 (3.1.1) or 5
 */
record FuzzCase(long index, int version, byte[] bytes, int[] cuts, int presentTypes, int mutatedTypes) {

    boolean mutated() {
        return mutatedTypes != 0;
    }

    String versionName() {
        return CaseGenerator.VERSIONS[version - 3];
    }

    /** The bytes in hex, the write boundaries as {@code |}. */
    String hex() {
        StringBuilder text = new StringBuilder();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            if (i > 0) {
                text.append(" | ");
            }
            text.append(HexFormat.ofDelimiter(" ").formatHex(bytes, from, to));
            from = to;
        }
        return text.toString();
    }
}
