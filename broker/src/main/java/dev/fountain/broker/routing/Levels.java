package dev.fountain.broker.routing;

/**
 * Gives the index's nodes one string per distinct level where it can: in a large index the same
 * levels recur under many parents ({@code +/p/<client>/<n>} and {@code bench/l/<client>/<n>} share
 * every {@code <n>}; device trees share {@code status}, {@code cmd}), and a level's own string
 * costs 48 bytes or more per node.
 *
 * <p>A bounded cache of recently made levels, not a pool of all: a direct-mapped array whose slot
 * a new level simply takes over. There is nothing to count or to free when a node goes, a level
 * that recurs is shared as long as it keeps recurring, and a unique level (a device's serial
 * number) costs nothing beyond its own string. Levels longer than {@value #LONGEST} characters are
 * not cached, so what the cache alone keeps alive stays under half a megabyte.
 *
 * <p>The wildcards are always the {@link #SINGLE} and {@link #MULTI} instances, so a match finds
 * them by identity. Used under the index's lock only.
 */
final class Levels {

    static final String SINGLE = "+";
    static final String MULTI = "#";
    private static final int SLOTS = 4096;
    private static final int LONGEST = 64;

    private final String[] recent = new String[SLOTS];

    /** The level {@code filter.substring(from, end)}, whose hash is {@code hash}, shared if seen lately. */
    String level(String filter, int from, int end, int hash) {
        int length = end - from;
        if (length == 1) {
            char c = filter.charAt(from);
            if (c == '+') {
                return SINGLE;
            }
            if (c == '#') {
                return MULTI;
            }
        }
        if (length > LONGEST) {
            return filter.substring(from, end);
        }
        int slot = (hash ^ (hash >>> 12) ^ (hash >>> 24)) & (SLOTS - 1);
        String seen = recent[slot];
        if (seen != null && seen.hashCode() == hash && seen.length() == length
                && filter.regionMatches(from, seen, 0, length)) {
            return seen;
        }
        String level = filter.substring(from, end);
        recent[slot] = level;
        return level;
    }

    /** {@link String#hashCode} of {@code topic.substring(from, end)}, without making that string. */
    static int hash(String topic, int from, int end) {
        int h = 0;
        for (int i = from; i < end; i++) {
            h = 31 * h + topic.charAt(i);
        }
        return h;
    }
}
