package dev.fountain.broker.config;

import dev.fountain.topic.Topics;

/**
 * One {@code topic <pattern> [in|out|both] [qos] [local prefix] [remote prefix]} line of a bridge,
 * with Mosquitto's rules: the pattern may have wildcards, the prefixes may not; a prefix is put
 * in front of the pattern as written (so {@code local/} ends with its own separator); an empty
 * pattern ({@code ""} in the file, {@code null} here) maps one local topic to one remote topic and
 * needs both prefixes (mosquitto.conf(5), "topic", and Mosquitto 2.0's {@code bridge__add_topic}).
 *
 * @param pattern the shared part of the topics, or {@code null} for the empty pattern
 * @param qos the QoS of the bridge's subscriptions for this topic, local and remote
 * @param localPrefix put in front of the pattern on this broker, or {@code null} for none
 * @param remotePrefix put in front of the pattern on the remote broker, or {@code null} for none
 */
public record BridgeTopic(String pattern, Direction direction, int qos, String localPrefix, String remotePrefix) {

    /** Which way messages of the topic travel. */
    public enum Direction {
        /** From the remote broker to this one. */
        IN,
        /** From this broker to the remote one; Mosquitto's default. */
        OUT,
        BOTH;

        public boolean in() {
            return this != OUT;
        }

        public boolean out() {
            return this != IN;
        }
    }

    /** @throws IllegalArgumentException when the line is one Mosquitto refuses, saying why */
    public BridgeTopic {
        if (direction == null) {
            throw new IllegalArgumentException("a bridge topic needs a direction");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("the QoS must be 0, 1 or 2, was " + qos);
        }
        checkPrefix("local", localPrefix);
        checkPrefix("remote", remotePrefix);
        if (pattern == null && (localPrefix == null || remotePrefix == null)) {
            throw new IllegalArgumentException("an empty pattern (\"\") maps one local topic to one remote topic, so "
                    + "it needs both a local and a remote prefix");
        }
        checkFilter("pattern", pattern, pattern);
        checkFilter("local prefix and pattern", join(localPrefix, pattern), pattern);
        checkFilter("remote prefix and pattern", join(remotePrefix, pattern), pattern);
    }

    /** Mosquitto's default line: {@code topic <pattern>}, outgoing at QoS 0, not remapped. */
    public static BridgeTopic out(String pattern) {
        return new BridgeTopic(pattern, Direction.OUT, 0, null, null);
    }

    /** The filter the bridge subscribes to on this broker, for outgoing messages. */
    public String localTopic() {
        return join(localPrefix, pattern);
    }

    /** The filter the bridge subscribes to on the remote broker, for incoming messages. */
    public String remoteTopic() {
        return join(remotePrefix, pattern);
    }

    /** Whether topics change on their way across: only then do the prefixes take part in routing. */
    public boolean remaps() {
        return localPrefix != null || remotePrefix != null;
    }

    private static String join(String prefix, String pattern) {
        if (prefix == null) {
            return pattern;
        }
        return pattern == null ? prefix : prefix + pattern;
    }

    private static void checkPrefix(String side, String prefix) {
        if (prefix == null) {
            return;
        }
        String problem = Topics.nameProblem(prefix);
        if (problem != null) {
            throw new IllegalArgumentException("the " + side + " prefix '" + prefix + "' is not valid: " + problem
                    + " (write \"\" for no prefix)");
        }
    }

    private static void checkFilter(String what, String filter, String pattern) {
        if (filter == null) {
            return;
        }
        String problem = Topics.filterProblem(filter);
        if (problem != null) {
            throw new IllegalArgumentException(what.equals("pattern") ? "the pattern '" + pattern + "' is not a valid "
                    + "topic filter: " + problem : "the " + what + " make '" + filter + "', which is not a valid topic "
                    + "filter: " + problem);
        }
    }
}
