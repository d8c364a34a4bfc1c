package dev.fountain.broker.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;

/**
 * ACL lines sorted by access at load, so a check walks only the lines that can answer it: a
 * {@code readwrite} line is in both {@link #read} and {@link #write}. Each client's set is its own
 * block (a user's, or the anonymous clients') plus the patterns.
 */
final class AclRules {

    final AclFilter[] deny;
    final AclFilter[] read;
    final AclFilter[] write;

    private AclRules(AclFilter[] deny, AclFilter[] read, AclFilter[] write) {
        this.deny = deny;
        this.read = read;
        this.write = write;
    }

    /** These lines followed by {@code more}'s. */
    AclRules plus(AclRules more) {
        return new AclRules(concat(deny, more.deny), concat(read, more.read), concat(write, more.write));
    }

    private static AclFilter[] concat(AclFilter[] first, AclFilter[] second) {
        AclFilter[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Whether any of {@code filters} passes {@link AclFilter#test} for the client. */
    static boolean any(AclFilter[] filters, BiPredicate<String, String> relation, String topic, String clientId,
            String username, boolean whenUnsafe) {
        for (AclFilter filter : filters) {
            if (filter.test(relation, topic, clientId, username, whenUnsafe)) {
                return true;
            }
        }
        return false;
    }

    /** The access word of a {@code topic} or {@code pattern} line. */
    enum Access {
        READ, WRITE, READWRITE, DENY;

        /** The access a word names, or {@code null}; words are lower case, as Mosquitto reads them. */
        static Access of(String word) {
            for (Access access : values()) {
                if (access.name().toLowerCase(Locale.ROOT).equals(word)) {
                    return access;
                }
            }
            return null;
        }
    }

    static final class Builder {

        private final List<AclFilter> deny = new ArrayList<>();
        private final List<AclFilter> read = new ArrayList<>();
        private final List<AclFilter> write = new ArrayList<>();

        void add(Access access, AclFilter filter) {
            switch (access) {
                case READ -> read.add(filter);
                case WRITE -> write.add(filter);
                case READWRITE -> {
                    read.add(filter);
                    write.add(filter);
                }
                case DENY -> deny.add(filter);
            }
        }

        AclRules build() {
            return new AclRules(deny.toArray(AclFilter[]::new), read.toArray(AclFilter[]::new),
                    write.toArray(AclFilter[]::new));
        }
    }
}
