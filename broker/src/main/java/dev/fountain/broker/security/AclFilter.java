package dev.fountain.broker.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The topic filter of one ACL line. A {@code topic} line's filter is used as written; a
 * {@code pattern} line's is a template whose {@code %c} and {@code %u} are filled with the
 * client's id and username for each check.
 */
final class AclFilter {

    /** The text around the placeholders: one piece more than there are placeholders. */
    private final String[] pieces;
    /** Per placeholder, whether it is {@code %u} (else {@code %c}). */
    private final boolean[] isUsername;

    private AclFilter(String[] pieces, boolean[] isUsername) {
        this.pieces = pieces;
        this.isUsername = isUsername;
    }

    /** A {@code topic} line's filter: {@code %c} in it is literal text, as in Mosquitto. */
    static AclFilter literal(String filter) {
        return new AclFilter(new String[] {filter}, new boolean[0]);
    }

    /** A {@code pattern} line's template. */
    static AclFilter pattern(String template) {
        List<String> pieces = new ArrayList<>();
        List<Boolean> usernames = new ArrayList<>();
        int pieceStart = 0;
        for (int i = 0; i + 1 < template.length(); i++) {
            char next = template.charAt(i + 1);
            if (template.charAt(i) == '%' && (next == 'c' || next == 'u')) {
                pieces.add(template.substring(pieceStart, i));
                usernames.add(next == 'u');
                pieceStart = i + 2;
                i++;
            }
        }
        pieces.add(template.substring(pieceStart));
        boolean[] isUsername = new boolean[usernames.size()];
        for (int i = 0; i < isUsername.length; i++) {
            isUsername[i] = usernames.get(i);
        }
        return new AclFilter(pieces.toArray(String[]::new), isUsername);
    }

    /**
     * Whether {@code relation.test(filter, topic)} holds for this line's filter as it reads for the
     * client. A pattern that needs a username the client does not have does not apply: false, as
     * in Mosquitto. A pattern whose client id or username would bring in {@code +}, {@code #} or
     * {@code /} cannot be filled without widening or moving it: the answer is {@code whenUnsafe}.
     */
    boolean test(BiPredicate<String, String> relation, String topic, String clientId, String username,
            boolean whenUnsafe) {
        if (pieces.length == 1) {
            return relation.test(pieces[0], topic);
        }
        StringBuilder filter = new StringBuilder(64).append(pieces[0]);
        boolean unsafe = false;
        for (int i = 0; i < isUsername.length; i++) {
            String value = isUsername[i] ? username : clientId;
            if (value == null) {
                return false;
            }
            unsafe |= !isSafe(value);
            filter.append(value).append(pieces[i + 1]);
        }
        return unsafe ? whenUnsafe : relation.test(filter.toString(), topic);
    }

    private static boolean isSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+' || c == '#' || c == '/') {
                return false;
            }
        }
        return true;
    }
}
