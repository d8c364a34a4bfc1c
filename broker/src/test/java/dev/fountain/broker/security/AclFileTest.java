package dev.fountain.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AclFileTest {

    private static final String ANONYMOUS = null;

    @TempDir
    Path dir;

    // Who the lines apply to

    @Test
    void topicLinesBeforeTheFirstUserApplyToAnonymousClientsOnly() throws Exception {
        AclFile acl = load("topic read weather/#", "user alice", "topic readwrite home/#");

        assertThat(acl.canRead("c1", ANONYMOUS, "weather/today")).isTrue();
        assertThat(acl.canRead("c1", "alice", "weather/today")).isFalse();
        assertThat(acl.canRead("c1", "bob", "weather/today")).isFalse();
        assertThat(acl.canRead("c1", ANONYMOUS, "home/kitchen")).isFalse();
    }

    @Test
    void topicLinesAfterAUserLineApplyToThatUserOnly() throws Exception {
        AclFile acl = load("user alice", "topic readwrite home/alice/#", "user bob", "topic readwrite home/bob/#");

        assertThat(acl.canWrite("c1", "alice", "home/alice/lamp")).isTrue();
        assertThat(acl.canWrite("c1", "alice", "home/bob/lamp")).isFalse();
        assertThat(acl.canWrite("c2", "bob", "home/bob/lamp")).isTrue();
    }

    @Test
    void aUsersBlocksAddUp() throws Exception {
        AclFile acl = load("user alice", "topic read a/#", "user bob", "topic read b/#", "user alice",
                "topic read c/#");

        assertThat(acl.canRead("c1", "alice", "a/x")).isTrue();
        assertThat(acl.canRead("c1", "alice", "c/x")).isTrue();
        assertThat(acl.canRead("c1", "alice", "b/x")).isFalse();
    }

    @Test
    void usernameMayContainSpaces() throws Exception {
        AclFile acl = load("user  Alice Smith ", "topic read a/#");

        assertThat(acl.canRead("c1", "Alice Smith", "a/x")).isTrue();
    }

    // Access words

    @Test
    void accessDefaultsToReadwrite() throws Exception {
        AclFile acl = load("user alice", "topic home/#");

        assertThat(acl.canRead("c1", "alice", "home/lamp")).isTrue();
        assertThat(acl.canWrite("c1", "alice", "home/lamp")).isTrue();
    }

    @Test
    void readLineGrantsReceivingButNotPublishing() throws Exception {
        AclFile acl = load("user alice", "topic read news/#");

        assertThat(acl.canRead("c1", "alice", "news/today")).isTrue();
        assertThat(acl.canWrite("c1", "alice", "news/today")).isFalse();
    }

    @Test
    void writeLineGrantsPublishingButNotReceivingOrSubscribing() throws Exception {
        AclFile acl = load("user alice", "topic write telemetry/#");

        assertThat(acl.canWrite("c1", "alice", "telemetry/cpu")).isTrue();
        assertThat(acl.canRead("c1", "alice", "telemetry/cpu")).isFalse();
        assertThat(acl.canSubscribe("c1", "alice", "telemetry/#")).isFalse();
    }

    @Test
    void topicWithoutAMatchingLineIsRefused() throws Exception {
        AclFile acl = load("user alice", "topic readwrite home/#");

        assertThat(acl.canWrite("c1", "alice", "garden/hose")).isFalse();
        assertThat(acl.canRead("c1", "alice", "homework")).isFalse();
    }

    @Test
    void emptyFileRefusesEverything() throws Exception {
        AclFile acl = load("# nothing yet");

        assertThat(acl.canRead("c1", ANONYMOUS, "a")).isFalse();
        assertThat(acl.canWrite("c1", "alice", "a")).isFalse();
        assertThat(acl.canSubscribe("c1", "alice", "#")).isFalse();
    }

    // Deny

    @Test
    void denyLineRefusesWhatAnotherLineGrantsWhateverTheOrder() throws Exception {
        AclFile acl = load("user alice", "topic deny home/secrets/#", "topic readwrite home/#");

        assertThat(acl.canWrite("c1", "alice", "home/secrets/diary")).isFalse();
        assertThat(acl.canRead("c1", "alice", "home/secrets/diary")).isFalse();
        assertThat(acl.canRead("c1", "alice", "home/lamp")).isTrue();
    }

    @Test
    void denyPatternOverridesAUsersOwnGrant() throws Exception {
        // Mosquitto 2.0.11 lets alice publish here: it reads her block before the patterns.
        AclFile acl = load("user alice", "topic readwrite shared/#", "pattern deny shared/secret");

        assertThat(acl.canWrite("c1", "alice", "shared/secret")).isFalse();
        assertThat(acl.canWrite("c1", "alice", "shared/open")).isTrue();
    }

    // Patterns

    @Test
    void patternFillsInClientIdAndUsername() throws Exception {
        AclFile acl = load("pattern readwrite devices/%c/#", "pattern read users/%u/inbox");

        assertThat(acl.canWrite("c1", "alice", "devices/c1/temperature")).isTrue();
        assertThat(acl.canWrite("c1", "alice", "devices/c2/temperature")).isFalse();
        assertThat(acl.canRead("c1", "alice", "users/alice/inbox")).isTrue();
        assertThat(acl.canRead("c1", "alice", "users/bob/inbox")).isFalse();
    }

    @Test
    void patternAppliesToAnonymousClientsAndUsersWithoutABlock() throws Exception {
        AclFile acl = load("topic read weather/#", "user alice", "topic read home/#", "pattern write devices/%c");

        assertThat(acl.canWrite("c1", ANONYMOUS, "devices/c1")).isTrue();
        assertThat(acl.canWrite("c2", "alice", "devices/c2")).isTrue();
        assertThat(acl.canWrite("c3", "carol", "devices/c3")).isTrue();
    }

    @Test
    void usernamePatternDoesNotApplyToAnonymousClients() throws Exception {
        AclFile acl = load("pattern readwrite users/%u/#");

        assertThat(acl.canRead("c1", ANONYMOUS, "users/null/inbox")).isFalse();
        assertThat(acl.canRead("c1", ANONYMOUS, "users/%u/inbox")).isFalse();
        assertThat(acl.canSubscribe("c1", ANONYMOUS, "users/#")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "+,   devices/other",   // would widen to devices/+
        "#,   devices/a/b",     // would widen to devices/#
        "a/b, devices/a/b",     // would reach into client a's subtree
    })
    void patternDoesNotGrantThroughAnUnsafeClientId(String clientId, String topic) throws Exception {
        AclFile acl = load("pattern readwrite devices/%c");

        assertThat(acl.canWrite(clientId, ANONYMOUS, topic)).isFalse();
        assertThat(acl.canRead(clientId, ANONYMOUS, topic)).isFalse();
        assertThat(acl.canSubscribe(clientId, ANONYMOUS, topic)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#", "a/b"})
    void patternDoesNotGrantThroughAnUnsafeUsername(String username) throws Exception {
        AclFile acl = load("pattern readwrite users/%u/#");

        assertThat(acl.canWrite("c1", username, "users/a/b/inbox")).isFalse();
    }

    @Test
    void denyPatternThatCannotBeFilledSafelyRefusesEverything() throws Exception {
        AclFile acl = load("topic readwrite #", "pattern deny devices/%c/config");

        assertThat(acl.canWrite("a/b", ANONYMOUS, "anything")).isFalse();
        assertThat(acl.canSubscribe("a/b", ANONYMOUS, "anything")).isFalse();
        assertThat(acl.canWrite("c1", ANONYMOUS, "anything")).isTrue();
        assertThat(acl.canWrite("c1", ANONYMOUS, "devices/c1/config")).isFalse();
    }

    @Test
    void patternWithoutPlaceholdersAppliesWhateverTheClientId() throws Exception {
        AclFile acl = load("pattern read public/#");

        assertThat(acl.canRead("a+b/c", ANONYMOUS, "public/news")).isTrue();
    }

    @Test
    void topicLineTakesPercentSignsLiterally() throws Exception {
        AclFile acl = load("user alice", "topic read devices/%c");

        assertThat(acl.canRead("c1", "alice", "devices/c1")).isFalse();
        assertThat(acl.canRead("c1", "alice", "devices/%c")).isTrue();
    }

    // Syntax

    @Test
    void filterIsEverythingAfterTheAccessWordSpacesIncluded() throws Exception {
        AclFile acl = load("topic read rooms/living room/#");

        assertThat(acl.canRead("c1", ANONYMOUS, "rooms/living room/lamp")).isTrue();
    }

    @Test
    void singleWordAfterTopicIsTheFilterEvenWhenItIsAnAccessWord() throws Exception {
        // As in Mosquitto: 'topic read' grants readwrite on the topic named 'read'.
        AclFile acl = load("topic read");

        assertThat(acl.canWrite("c1", ANONYMOUS, "read")).isTrue();
    }

    @Test
    void blankLinesCommentsLeadingBlanksAndTabsAreAccepted() throws Exception {
        AclFile acl = load("# house rules", "", "   # indented comment", "\tuser alice", "  topic\tread  a/#  ");

        assertThat(acl.canRead("c1", "alice", "a/b")).isTrue();
    }

    @Test
    void wildcardLineDoesNotReachDollarTopics() throws Exception {
        AclFile acl = load("user alice", "topic read #", "user admin", "topic read $SYS/#");

        assertThat(acl.canRead("c1", "alice", "$SYS/broker/uptime")).isFalse();
        assertThat(acl.canRead("c1", "admin", "$SYS/broker/uptime")).isTrue();
    }

    // Subscriptions

    @Test
    void subscriptionIsGrantedWhenAReadLineOverlapsIt() throws Exception {
        AclFile acl = load("topic read home/+/temperature");

        assertThat(acl.canSubscribe("c1", ANONYMOUS, "home/#")).isTrue();
        assertThat(acl.canSubscribe("c1", ANONYMOUS, "home/kitchen/temperature")).isTrue();
        assertThat(acl.canSubscribe("c1", ANONYMOUS, "home/kitchen/humidity")).isFalse();
        assertThat(acl.canSubscribe("c1", ANONYMOUS, "garden/#")).isFalse();
    }

    @Test
    void subscriptionIsRefusedWhenADenyLineCoversIt() throws Exception {
        AclFile acl = load("topic read home/#", "topic deny home/secrets/#");

        assertThat(acl.canSubscribe("c1", ANONYMOUS, "home/secrets/#")).isFalse();
        assertThat(acl.canSubscribe("c1", ANONYMOUS, "home/secrets/+/diary")).isFalse();
    }

    @Test
    void subscriptionThatADenyLineOnlyOverlapsIsGrantedAndFilteredPerMessage() throws Exception {
        AclFile acl = load("topic read home/#", "topic deny home/secrets/#");

        assertThat(acl.canSubscribe("c1", ANONYMOUS, "home/#")).isTrue();
        assertThat(acl.canRead("c1", ANONYMOUS, "home/lamp")).isTrue();
        assertThat(acl.canRead("c1", ANONYMOUS, "home/secrets/diary")).isFalse();
    }

    @Test
    void sharedSubscriptionIsCheckedByTheFilterAfterItsGroup() throws Exception {
        AclFile acl = load("user worker", "topic read jobs/#");

        assertThat(acl.canSubscribe("c1", "worker", "$share/workers/jobs/+")).isTrue();
        assertThat(acl.canSubscribe("c1", "worker", "$share/workers/other/#")).isFalse();
    }

    // Errors

    @Test
    void unknownKeywordFailsNamingFileAndLine() throws Exception {
        Path file = write("# rules", "user alice", "Topic read a/#");

        ConfigException e = loadFails(file);

        assertThat(e.file()).isEqualTo(file);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith(file + ":3: unknown keyword 'Topic'; a line is 'user <username>'");
    }

    @Test
    void unknownAccessWordFailsNamingFileAndLine() throws Exception {
        Path file = write("user alice", "topic subscribe a/#");

        ConfigException e = loadFails(file);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("topic");
        assertThat(e.getMessage()).startsWith(file + ":2: topic: unknown access 'subscribe', expected read, write,"
                + " readwrite or deny");
    }

    @Test
    void invalidFilterFailsWithTheRuleItBreaks() throws Exception {
        Path file = write("pattern read devices/#/%c");

        ConfigException e = loadFails(file);

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.getMessage()).startsWith(file + ":1: pattern: '#' must be the whole last level")
                .contains("[MQTT-4.7.1-2]");
    }

    @Test
    void sharedSubscriptionFilterFailsWithTheFilterToWriteInstead() throws Exception {
        Path file = write("topic read $share/workers/jobs/#");

        assertThat(loadFails(file).getMessage()).startsWith(file + ":1: topic: ACL lines are checked against topic"
                + " names").endsWith("write 'jobs/#'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "user   "})
    void userLineWithoutAUsernameFails(String line) throws Exception {
        Path file = write("topic read a", line);

        assertThat(loadFails(file).getMessage()).isEqualTo(file + ":2: user: missing username");
    }

    @ParameterizedTest
    @ValueSource(strings = {"topic", "pattern  "})
    void lineWithoutAFilterFails(String line) throws Exception {
        Path file = write(line);

        assertThat(loadFails(file).getMessage()).isEqualTo(file + ":1: " + line.strip() + ": missing topic filter");
    }

    @Test
    void missingFileFailsNamingIt() {
        Path file = dir.resolve("absent.acl");

        assertThat(loadFails(file).getMessage()).isEqualTo(file + ": no such file");
    }

    private AclFile load(String... lines) throws IOException, ConfigException {
        return AclFile.load(write(lines));
    }

    private Path write(String... lines) throws IOException {
        return Files.write(dir.resolve("acl"), List.of(lines));
    }

    private static ConfigException loadFails(Path file) {
        try {
            AclFile.load(file);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected " + file + " to be refused");
    }
}
