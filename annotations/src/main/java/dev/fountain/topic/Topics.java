package dev.fountain.topic;

/**
 * The one definition of MQTT topic syntax: which topic names and topic filters are valid, and which
 * names a filter matches. The annotation processor uses it to turn a bad {@code @Subscribe} filter
 * into a compile error; the broker uses it to validate PUBLISH and SUBSCRIBE packets, to check ACLs
 * and as the specification its subscription index is tested against.
 *
 * <p>Rules from MQTT 3.1.1 section 4.7 (unchanged in 5.0 section 4.7):
 * <ul>
 *   <li>names and filters are 1 to 65535 bytes of UTF-8 and contain no U+0000 [MQTT-4.7.3-1],
 *       [MQTT-4.7.3-2], [MQTT-4.7.3-3];
 *   <li>{@code #} stands alone at the last level of a filter [MQTT-4.7.1-2];
 *   <li>{@code +} fills a whole level of a filter [MQTT-4.7.1-3];
 *   <li>names contain no wildcard [MQTT-3.3.2-2];
 *   <li>a filter starting with a wildcard does not match a name starting with {@code $}
 *       [MQTT-4.7.2-1].
 * </ul>
 * Methods here never allocate on the matching path: the broker calls them per message.
 */
public final class Topics {

    public static final char SEPARATOR = '/';
    public static final char SINGLE_LEVEL = '+';
    public static final char MULTI_LEVEL = '#';
    public static final int MAX_UTF8_BYTES = 65_535;
    /** The prefix of a shared subscription filter (MQTT 5.0 section 4.8.2). */
    public static final String SHARE_PREFIX = "$share/";

    private Topics() {
    }

    /** Whether {@code name} may be the topic of a PUBLISH. */
    public static boolean isValidName(String name) {
        return nameProblem(name) == null;
    }

    /**
     * Why {@code name} is not a valid topic name, as a sentence that names the rule and the fix, or
     * {@code null} when it is valid.
     */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "a topic name must be at least one character long [MQTT-4.7.3-1]";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == SINGLE_LEVEL || c == MULTI_LEVEL) {
                return "a topic name must not contain the wildcard '" + c + "' (at index " + i
                        + "); wildcards belong in subscription filters only [MQTT-3.3.2-2]";
            }
            if (c == '\0') {
                return "a topic name must not contain U+0000 (at index " + i + ") [MQTT-4.7.3-2]";
            }
        }
        return lengthProblem(name);
    }

    /** Whether {@code filter} may be the topic filter of a SUBSCRIBE. */
    public static boolean isValidFilter(String filter) {
        return filterProblem(filter) == null;
    }

    /**
     * Why {@code filter} is not a valid topic filter, as a sentence that names the rule and the fix,
     * or {@code null} when it is valid. A shared filter ({@code $share/group/filter}) is checked as
     * a whole: group name and the filter after it.
     */
    public static String filterProblem(String filter) {
        if (filter == null || filter.isEmpty()) {
            return "a topic filter must be at least one character long [MQTT-4.7.3-1]";
        }
        if (filter.startsWith(SHARE_PREFIX)) {
            int groupEnd = filter.indexOf(SEPARATOR, SHARE_PREFIX.length());
            if (groupEnd < 0 || groupEnd == SHARE_PREFIX.length()) {
                return "a shared subscription needs a group name and a filter: $share/<group>/<filter>"
                        + " [MQTT-4.8.2-1]";
            }
            String group = filter.substring(SHARE_PREFIX.length(), groupEnd);
            if (group.indexOf(SINGLE_LEVEL) >= 0 || group.indexOf(MULTI_LEVEL) >= 0) {
                return "the group name of a shared subscription must not contain '+' or '#': '" + group
                        + "' [MQTT-4.8.2-2]";
            }
            String inner = filter.substring(groupEnd + 1);
            if (inner.isEmpty()) {
                return "a shared subscription needs a filter after the group: $share/" + group
                        + "/<filter> [MQTT-4.8.2-1]";
            }
            String innerProblem = plainFilterProblem(inner);
            return innerProblem == null ? lengthProblem(filter) : innerProblem;
        }
        return plainFilterProblem(filter);
    }

    private static String plainFilterProblem(String filter) {
        int levelStart = 0;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '\0') {
                return "a topic filter must not contain U+0000 (at index " + i + ") [MQTT-4.7.3-2]";
            }
            if (c == SEPARATOR) {
                levelStart = i + 1;
                continue;
            }
            boolean aloneInLevel = i == levelStart
                    && (i + 1 == filter.length() || filter.charAt(i + 1) == SEPARATOR);
            if (c == MULTI_LEVEL) {
                if (!aloneInLevel || i + 1 != filter.length()) {
                    return "'#' must be the whole last level of a filter (like 'a/b/#'), found at index " + i
                            + " of '" + filter + "' [MQTT-4.7.1-2]";
                }
            } else if (c == SINGLE_LEVEL && !aloneInLevel) {
                return "'+' must fill a whole level of a filter (like 'a/+/c'), found at index " + i
                        + " of '" + filter + "' [MQTT-4.7.1-3]";
            }
        }
        return lengthProblem(filter);
    }

    private static String lengthProblem(String topic) {
        if (topic.length() * 3L <= MAX_UTF8_BYTES) {
            return null;
        }
        long bytes = utf8Length(topic);
        return bytes <= MAX_UTF8_BYTES ? null
                : "a topic is at most 65535 bytes of UTF-8, this one is " + bytes + " [MQTT-4.7.3-3]";
    }

    /** The number of bytes {@code s} takes in UTF-8, without encoding it. */
    public static long utf8Length(CharSequence s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Whether {@code filter} is a shared subscription filter, {@code $share/group/filter}. */
    public static boolean isShared(String filter) {
        return filter.startsWith(SHARE_PREFIX);
    }

    /** The group of a valid shared filter: {@code g} for {@code $share/g/a/b}. */
    public static String shareGroup(String sharedFilter) {
        return sharedFilter.substring(SHARE_PREFIX.length(), sharedFilter.indexOf(SEPARATOR, SHARE_PREFIX.length()));
    }

    /**
     * The filter that selects messages: {@code a/b} for {@code $share/g/a/b}, the filter itself when
     * it is not shared. Matching always uses this, never the {@code $share} prefix.
     */
    public static String matchingFilter(String filter) {
        return isShared(filter)
                ? filter.substring(filter.indexOf(SEPARATOR, SHARE_PREFIX.length()) + 1)
                : filter;
    }

    /** Whether {@code filter} contains {@code +} or {@code #}. */
    public static boolean hasWildcard(String filter) {
        return filter.indexOf(SINGLE_LEVEL) >= 0 || filter.indexOf(MULTI_LEVEL) >= 0;
    }

    /**
     * Whether the valid (not shared) {@code filter} matches the valid topic {@code name}.
     * {@code a/#} matches {@code a} [MQTT-4.7.1-2]; a leading wildcard does not match {@code $x}.
     */
    public static boolean matches(String filter, String name) {
        if (!name.isEmpty() && name.charAt(0) == '$' && isWildcardLevelAt(filter, 0)) {
            return false;
        }
        int f = 0;
        int n = 0;
        int fLength = filter.length();
        int nLength = name.length();
        while (true) {
            int fEnd = levelEnd(filter, f);
            if (isMultiLevel(filter, f, fEnd)) {
                return true;
            }
            if (n > nLength) {
                return false;
            }
            int nEnd = levelEnd(name, n);
            if (!isSingleLevel(filter, f, fEnd) && !sameLevel(filter, f, fEnd, name, n, nEnd)) {
                return false;
            }
            boolean filterDone = fEnd == fLength;
            boolean nameDone = nEnd == nLength;
            if (filterDone) {
                return nameDone;
            }
            f = fEnd + 1;
            n = nameDone ? nLength + 1 : nEnd + 1;
            if (n > nLength && !isMultiLevel(filter, f, levelEnd(filter, f))) {
                return false;
            }
        }
    }

    /**
     * Whether every name that {@code inner} matches is also matched by {@code outer}: the filter
     * {@code a/#} covers {@code a/+/c}; {@code a/+} does not cover {@code a/#}. Both are valid, not
     * shared.
     */
    public static boolean covers(String outer, String inner) {
        if (isWildcardLevelAt(outer, 0) && startsWithDollar(inner)) {
            return false;
        }
        int o = 0;
        int i = 0;
        while (true) {
            int oEnd = levelEnd(outer, o);
            if (isMultiLevel(outer, o, oEnd)) {
                return true;
            }
            int iEnd = levelEnd(inner, i);
            if (isMultiLevel(inner, i, iEnd)) {
                // Only '+/#' is as wide as '#', and only where the one name '#' adds (its parent
                // level) would be the empty name, which no topic is [MQTT-4.7.3-1].
                return i <= 1 && outer.length() - o == 3 && outer.startsWith("+/#", o);
            }
            boolean levelCovered = isSingleLevel(outer, o, oEnd)
                    || (!isSingleLevel(inner, i, iEnd) && sameLevel(outer, o, oEnd, inner, i, iEnd));
            if (!levelCovered) {
                return false;
            }
            boolean outerDone = oEnd == outer.length();
            boolean innerDone = iEnd == inner.length();
            if (innerDone) {
                return outerDone || isMultiLevel(outer, oEnd + 1, levelEnd(outer, oEnd + 1));
            }
            if (outerDone) {
                return false;
            }
            o = oEnd + 1;
            i = iEnd + 1;
        }
    }

    /**
     * Whether some topic name is matched by both filters: {@code a/+/c} and {@code a/b/#} overlap,
     * {@code a/b} and {@code a/c} do not. Both are valid, not shared.
     */
    public static boolean overlaps(String a, String b) {
        if (startsWithDollar(a) && isWildcardLevelAt(b, 0) || startsWithDollar(b) && isWildcardLevelAt(a, 0)) {
            return false;
        }
        int x = 0;
        int y = 0;
        while (true) {
            int xEnd = levelEnd(a, x);
            int yEnd = levelEnd(b, y);
            if (isMultiLevel(a, x, xEnd) || isMultiLevel(b, y, yEnd)) {
                return true;
            }
            boolean levelOverlaps = isSingleLevel(a, x, xEnd) || isSingleLevel(b, y, yEnd)
                    || sameLevel(a, x, xEnd, b, y, yEnd);
            if (!levelOverlaps) {
                return false;
            }
            boolean aDone = xEnd == a.length();
            boolean bDone = yEnd == b.length();
            if (aDone && bDone) {
                return true;
            }
            // The name both match here ends at this level; at the first level it must not be the
            // empty name, which no topic can be [MQTT-4.7.3-1].
            boolean nameMayEndHere = x > 0 || (xEnd > x && yEnd > y);
            if (aDone) {
                return nameMayEndHere && isMultiLevel(b, yEnd + 1, levelEnd(b, yEnd + 1));
            }
            if (bDone) {
                return nameMayEndHere && isMultiLevel(a, xEnd + 1, levelEnd(a, xEnd + 1));
            }
            x = xEnd + 1;
            y = yEnd + 1;
        }
    }

    /** How many {@code +} and {@code #} levels the valid {@code filter} has. */
    public static int wildcardCount(String filter) {
        int count = 0;
        int from = 0;
        while (from <= filter.length()) {
            int end = levelEnd(filter, from);
            if (isSingleLevel(filter, from, end) || isMultiLevel(filter, from, end)) {
                count++;
            }
            from = end + 1;
        }
        return count;
    }

    /**
     * What each wildcard of {@code filter} matched in {@code name}, in order: for {@code a/+/c/#}
     * and {@code a/b/c/d/e} that is {@code b} and {@code d/e}. A {@code #} that matched the parent
     * level ({@code a/#} and {@code a}) matched the empty string. The filter must match the name.
     */
    public static String[] wildcardValues(String filter, String name) {
        String[] values = new String[wildcardCount(filter)];
        int found = 0;
        int f = 0;
        int n = 0;
        while (found < values.length) {
            int fEnd = levelEnd(filter, f);
            if (isMultiLevel(filter, f, fEnd)) {
                values[found++] = n > name.length() ? "" : name.substring(n);
                break;
            }
            int nEnd = levelEnd(name, n);
            if (isSingleLevel(filter, f, fEnd)) {
                values[found++] = name.substring(n, nEnd);
            }
            f = fEnd + 1;
            n = nEnd + 1;
        }
        return values;
    }

    /** The number of levels: 3 for {@code a/b/c}, 2 for {@code a/}, 1 for {@code a}. */
    public static int levelCount(String topic) {
        int count = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == SEPARATOR) {
                count++;
            }
        }
        return count;
    }

    /** The index after the level that starts at {@code from}: the next separator or the end. */
    public static int levelEnd(String topic, int from) {
        int end = topic.indexOf(SEPARATOR, from);
        return end < 0 ? topic.length() : end;
    }

    /** Whether the level {@code [from, end)} of a filter is {@code +}. */
    public static boolean isSingleLevel(String filter, int from, int end) {
        return end - from == 1 && filter.charAt(from) == SINGLE_LEVEL;
    }

    /** Whether the level {@code [from, end)} of a filter is {@code #}. */
    public static boolean isMultiLevel(String filter, int from, int end) {
        return end - from == 1 && filter.charAt(from) == MULTI_LEVEL;
    }

    /** Whether a level starting with {@code $} must be hidden from a wildcard at the first level. */
    public static boolean startsWithDollar(String topic) {
        return !topic.isEmpty() && topic.charAt(0) == '$';
    }

    private static boolean isWildcardLevelAt(String filter, int from) {
        if (from >= filter.length()) {
            return false;
        }
        int end = levelEnd(filter, from);
        return isSingleLevel(filter, from, end) || isMultiLevel(filter, from, end);
    }

    private static boolean sameLevel(String a, int aFrom, int aEnd, String b, int bFrom, int bEnd) {
        int length = aEnd - aFrom;
        return length == bEnd - bFrom && a.regionMatches(aFrom, b, bFrom, length);
    }
}
