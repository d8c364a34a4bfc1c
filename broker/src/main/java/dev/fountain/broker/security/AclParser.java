package dev.fountain.broker.security;

import dev.fountain.broker.config.ConfigException;
import dev.fountain.broker.security.AclRules.Access;
import dev.fountain.topic.Topics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads Mosquitto's {@code acl_file} syntax into an {@link AclFile}. Keywords and access words are
 * case-sensitive, as in Mosquitto; words are separated by spaces or tabs.
 */
final class AclParser {

    private static final String LINE_FORMS = "'user <username>', 'topic [read|write|readwrite|deny] <filter>'"
            + " or 'pattern [read|write|readwrite|deny] <filter>'";

    private final Path file;
    private final Map<String, AclRules.Builder> users = new HashMap<>();
    private final AclRules.Builder anonymous = new AclRules.Builder();
    private final AclRules.Builder patterns = new AclRules.Builder();
    /** Where {@code topic} lines go: the anonymous clients' until the first {@code user} line. */
    private AclRules.Builder block = anonymous;
    private int lineNumber;

    private AclParser(Path file) {
        this.file = file;
    }

    static AclFile parse(Path file) throws ConfigException {
        AclParser parser = new AclParser(file);
        List<String> lines = ConfigLines.read(file);
        for (String line : lines) {
            parser.lineNumber++;
            parser.line(line.strip());
        }
        AclRules patterns = parser.patterns.build();
        Map<String, AclRules> users = new HashMap<>();
        parser.users.forEach((user, rules) -> users.put(user, rules.build().plus(patterns)));
        return new AclFile(Map.copyOf(users), parser.anonymous.build().plus(patterns), patterns);
    }

    private void line(String line) throws ConfigException {
        if (ConfigLines.isBlankOrComment(line)) {
            return;
        }
        int keywordEnd = wordEnd(line);
        String keyword = line.substring(0, keywordEnd);
        String rest = line.substring(keywordEnd).strip();
        switch (keyword) {
            case "user" -> user(rest);
            case "topic" -> entry(keyword, rest, block, AclFilter::literal);
            case "pattern" -> entry(keyword, rest, patterns, AclFilter::pattern);
            default -> throw new ConfigException(file, lineNumber, null, "unknown keyword '" + keyword
                    + "'; a line is " + LINE_FORMS + ", or a # comment");
        }
    }

    private void user(String username) throws ConfigException {
        if (username.isEmpty()) {
            throw new ConfigException(file, lineNumber, "user", "missing username");
        }
        block = users.computeIfAbsent(username, name -> new AclRules.Builder());
    }

    /** A {@code topic} or {@code pattern} line: {@code [access] filter}, the filter may hold spaces. */
    private void entry(String keyword, String rest, AclRules.Builder rules, Function<String, AclFilter> kind)
            throws ConfigException {
        if (rest.isEmpty()) {
            throw new ConfigException(file, lineNumber, keyword, "missing topic filter");
        }
        int firstEnd = wordEnd(rest);
        String firstWord = rest.substring(0, firstEnd);
        // As in Mosquitto, a single word is the filter, even 'read', and access is then readwrite.
        boolean oneWord = firstEnd == rest.length();
        Access access = oneWord ? Access.READWRITE : Access.of(firstWord);
        if (access == null) {
            throw new ConfigException(file, lineNumber, keyword, "unknown access '" + firstWord
                    + "', expected read, write, readwrite or deny (a filter with spaces needs the access first: '"
                    + keyword + " readwrite a b')");
        }
        String filter = oneWord ? rest : rest.substring(firstEnd).strip();
        String problem = Topics.filterProblem(filter);
        if (problem == null && Topics.isShared(filter)) {
            problem = "ACL lines are checked against topic names, and a shared subscription against the filter"
                    + " after its group: write '" + Topics.matchingFilter(filter) + "'";
        }
        if (problem != null) {
            throw new ConfigException(file, lineNumber, keyword, problem);
        }
        rules.add(access, kind.apply(filter));
    }

    private static int wordEnd(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' || text.charAt(i) == '\t') {
                return i;
            }
        }
        return text.length();
    }
}
