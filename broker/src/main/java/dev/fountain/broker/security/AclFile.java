package dev.fountain.broker.security;

import dev.fountain.broker.config.ConfigException;
import dev.fountain.topic.Topics;
import java.nio.file.Path;
import java.util.Map;

/**
 * Who may publish, receive and subscribe to what, from a Mosquitto {@code acl_file}:
 * <pre>
 * # anonymous clients (no username) may read the weather
 * topic read weather/#
 *
 * user alice
 * topic readwrite home/alice/#
 * topic deny home/alice/secrets/#
 *
 * # every client may use its own subtree
 * pattern readwrite devices/%c/#
 * pattern read users/%u/inbox
 * </pre>
 * <ul>
 *   <li>{@code topic [read|write|readwrite|deny] <filter>}: access defaults to {@code readwrite};
 *       the filter is everything after the access word and may contain spaces. Lines before the
 *       first {@code user} line apply to anonymous clients only (Mosquitto 2.x), later ones to the
 *       user of the last {@code user <username>} line; a user's lines may be spread over several
 *       blocks.
 *   <li>{@code pattern [access] <filter>} applies to every client, with {@code %c} replaced by its
 *       client id and {@code %u} by its username. A pattern with {@code %u} does not apply to an
 *       anonymous client.
 *   <li>Blank lines and {@code #} comments are skipped. An unknown keyword or access word, or an
 *       invalid filter, stops the load with the file and line.
 * </ul>
 *
 * <p>A check first looks at the {@code deny} lines that apply to the client (its block, or the
 * anonymous block, and the patterns): one whose filter matches refuses. Otherwise a line that
 * applies with the right access ({@code read} or {@code readwrite} to receive, {@code write} or
 * {@code readwrite} to publish) and whose filter matches grants; no such line refuses. Filters
 * match as in {@link Topics}, so {@code #} does not reach topics starting with {@code $}.
 *
 * <p>Where this differs from Mosquitto 2.0.11 (each difference checked against that broker):
 * <ul>
 *   <li>Subscriptions are checked. Mosquitto grants every SUBSCRIBE and only filters deliveries;
 *       here a subscription is refused when a {@code deny} line covers its whole filter, or when no
 *       {@code read} line overlaps it. A granted subscription is still filtered per message with
 *       {@link #canRead}. A shared subscription is checked by the filter after its group.
 *   <li>A {@code deny} pattern also overrides a user's own {@code topic} lines. Mosquitto reads the
 *       user's block (denies first) before the patterns, so there a user's grant wins over a
 *       pattern deny; here every deny that applies is read before any grant.
 *   <li>A client id or username containing {@code +}, {@code #} or {@code /} cannot fill a pattern
 *       safely ({@code /} would let client {@code a/b} into client {@code a}'s subtree): a grant
 *       pattern that would use it does not apply and a deny pattern that would use it refuses
 *       everything. Mosquitto 2.0.11 instead refuses all pattern access to a client whose id or
 *       username contains {@code +} or {@code #}, and lets {@code /} through.
 *   <li>Leading blanks and tabs between words are accepted; a {@code $share/...} filter, which
 *       could never match a topic name, is an error.
 * </ul>
 *
 * <p>Immutable and safe to share between threads. The checks run per message: at load the lines
 * are sorted by user and access and each user's are joined with the patterns, so a check reads
 * one map entry and two arrays; only patterns with placeholders allocate.
 */
public final class AclFile {

    /** Per username: the user's lines and the patterns. */
    private final Map<String, AclRules> users;
    /** The lines before the first user line, and the patterns. */
    private final AclRules anonymous;
    /** The patterns alone: what applies to a user without a block. */
    private final AclRules patterns;

    AclFile(Map<String, AclRules> users, AclRules anonymous, AclRules patterns) {
        this.users = users;
        this.anonymous = anonymous;
        this.patterns = patterns;
    }

    public static AclFile load(Path file) throws ConfigException {
        return AclParser.parse(file);
    }

    /** Whether the client may PUBLISH to the topic name {@code topic}; {@code username} is null when anonymous. */
    public boolean canWrite(String clientId, String username, String topic) {
        AclRules rules = rulesOf(username);
        return !AclRules.any(rules.deny, Topics::matches, topic, clientId, username, true)
                && AclRules.any(rules.write, Topics::matches, topic, clientId, username, false);
    }

    /** Whether a message published to {@code topic} may be delivered to the client. */
    public boolean canRead(String clientId, String username, String topic) {
        AclRules rules = rulesOf(username);
        return !AclRules.any(rules.deny, Topics::matches, topic, clientId, username, true)
                && AclRules.any(rules.read, Topics::matches, topic, clientId, username, false);
    }

    /**
     * Whether the client may SUBSCRIBE to the valid {@code filter}: no deny line covers all of it
     * and some read line overlaps it.
     */
    public boolean canSubscribe(String clientId, String username, String filter) {
        AclRules rules = rulesOf(username);
        String matching = Topics.matchingFilter(filter);
        return !AclRules.any(rules.deny, Topics::covers, matching, clientId, username, true)
                && AclRules.any(rules.read, Topics::overlaps, matching, clientId, username, false);
    }

    private AclRules rulesOf(String username) {
        return username == null ? anonymous : users.getOrDefault(username, patterns);
    }
}
