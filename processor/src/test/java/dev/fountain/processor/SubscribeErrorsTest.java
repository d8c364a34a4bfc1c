package dev.fountain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fountain.processor.Compilations.compile;
import static dev.fountain.processor.Sources.FIRST_MEMBER_LINE;
import static dev.fountain.processor.Sources.handler;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Errors in what {@code @Subscribe} says: the filter, the QoS, the group, and wildcard indexes into the filter. */
class SubscribeErrorsTest {

    @Test
    void aMultiLevelWildcardBeforeTheLastLevelIsAnError() {
        assertSubscribeError("home/#/x", "invalid topic filter 'home/#/x': '#' must be the whole last level of a"
                + " filter (like 'a/b/#'), found at index 5 of 'home/#/x' [MQTT-4.7.1-2]");
    }

    @Test
    void aSingleLevelWildcardSharingALevelIsAnError() {
        assertSubscribeError("home/garden+", "invalid topic filter 'home/garden+': '+' must fill a whole level of a"
                + " filter (like 'a/+/c'), found at index 11 of 'home/garden+' [MQTT-4.7.1-3]");
    }

    @Test
    void anEmptyFilterIsAnError() {
        assertSubscribeError("", "invalid topic filter '': a topic filter must be at least one character long"
                + " [MQTT-4.7.3-1]");
    }

    @Test
    void anUnclosedPlaceholderIsAnError() {
        assertSubscribeError("site/${site/+", "invalid topic filter 'site/${site/+': the placeholder at index 5"
                + " has no closing '}': write ${key}");
    }

    @Test
    void aFilterIsCheckedWithItsPlaceholdersStandingForOneLevel() {
        assertSubscribeError("site/${id}/#/x", "invalid topic filter 'site/${id}/#/x': '#' must be the whole last"
                + " level of a filter (like 'a/b/#'), found at index 17 of 'site/placeholder/#/x' [MQTT-4.7.1-2]");
    }

    @Test
    void aSharedFilterIsAnErrorThatShowsTheGroupAttributeToUseInstead() {
        assertSubscribeError("$share/workers/jobs/+", "invalid topic filter '$share/workers/jobs/+': a shared"
                + " subscription is declared with a group, not in the filter; use"
                + " @Subscribe(value = \"jobs/+\", group = \"workers\") instead of $share/");
    }

    @Test
    void aMalformedSharedFilterIsAnErrorThatPointsToTheGroupAttribute() {
        assertSubscribeError("$share/workers", "invalid topic filter '$share/workers': a shared subscription is"
                + " declared with a group, not in the filter; use @Subscribe(group = ...) instead of $share/");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, -1})
    void aQosOtherThanZeroOneOrTwoIsAnError(int qos) {
        JavaFileObject source = handler(
                "@Subscribe(value = \"a/b\", qos = " + qos + ")",
                "void handle(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("invalid QoS " + qos + " in @Subscribe: a subscription's"
                + " maximum QoS is 0, 1 or 2 [MQTT-3-8.3-4]; write qos = 0, 1 or 2")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"north/south", "any+", "#"})
    void aGroupWithASlashOrAWildcardIsAnError(String group) {
        JavaFileObject source = handler(
                "@Subscribe(value = \"jobs/+\", group = \"" + group + "\")",
                "void work(String job) {}");
        assertThat(compile(source)).hadErrorContaining("invalid shared subscription group '" + group + "': a group"
                + " name must not contain '/', '+' or '#' [MQTT-4.8.2-2]; choose a name without them")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void aBlankGroupIsAnError() {
        JavaFileObject source = handler(
                "@Subscribe(value = \"jobs/+\", group = \"  \")",
                "void work(String job) {}");
        assertThat(compile(source)).hadErrorContaining("invalid shared subscription group '  ': a group name must"
                + " not be blank [MQTT-4.8.2-1]; write a name, or leave group empty for a subscription that is not"
                + " shared")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void aWildcardIndexPastTheLastWildcardIsAnError() {
        JavaFileObject source = handler(
                "@Subscribe(\"a/+/b\")",
                "void handle(",
                "        @Wildcard(2) String level) {}");
        assertThat(compile(source)).hadErrorContaining("@Wildcard(2) but the filter 'a/+/b' has 1 wildcard"
                + " (index 0): wildcards are numbered from 0, left to right; use an index in that range")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 2);
    }

    @Test
    void aNegativeWildcardIndexIsAnError() {
        JavaFileObject source = handler(
                "@Subscribe(\"a/+/#\")",
                "void handle(",
                "        @Wildcard(-1) String level) {}");
        assertThat(compile(source)).hadErrorContaining("@Wildcard(-1) but the filter 'a/+/#' has 2 wildcards"
                + " (indexes 0 to 1): wildcards are numbered from 0, left to right; use an index in that range")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 2);
    }

    @Test
    void aWildcardParameterForAFilterWithoutWildcardsIsAnError() {
        JavaFileObject source = handler(
                "@Subscribe(\"a/b\")",
                "void handle(@Wildcard(0) String level) {}");
        assertThat(compile(source)).hadErrorContaining("@Wildcard(0) but the filter 'a/b' has no wildcards:"
                + " wildcards are numbered from 0, left to right; add '+' or '#' to the filter, or bind the whole"
                + " topic with @Topic")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 1);
    }

    @Test
    void placeholdersAreNotWildcards() {
        JavaFileObject source = handler(
                "@Subscribe(\"site/${site}/+\")",
                "void handle(@Wildcard(1) String room) {}");
        assertThat(compile(source)).hadErrorContaining("@Wildcard(1) but the filter 'site/${site}/+' has 1 wildcard"
                + " (index 0)")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 1);
    }

    @Test
    void aFilterErrorUnderlinesTheFilterItself() {
        JavaFileObject source = handler(
                "@Subscribe(qos = 1, value = \"a/#/b\")",
                "void handle(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("invalid topic filter 'a/#/b'")
                .inFile(source).onLine(FIRST_MEMBER_LINE).atColumn(29);
    }

    @Test
    void oneMistakeIsOneErrorWithoutFollowOnErrorsFromGeneratedCode() {
        Compilation compilation = compile(handler(
                "@Subscribe(\"a/#/b\")",
                "void handle(@Wildcard(3) String level) {}"));
        assertThat(compilation).hadErrorCount(1);
    }

    private static void assertSubscribeError(String filter, String message) {
        JavaFileObject source = handler(
                "@Subscribe(\"" + filter.replace("\\", "\\\\") + "\")",
                "void handle(String payload) {}");
        assertThat(compile(source)).hadErrorContaining(message).inFile(source).onLine(FIRST_MEMBER_LINE);
    }
}
