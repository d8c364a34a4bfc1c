package dev.fountain.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "home/garden/fountain/2 | home/garden/fountain/2 | true",
        "home/garden/+/2        | home/garden/fountain/2 | true",
        "home/#                 | home/garden/fountain/2 | true",
        "home/#                 | home                   | true",   // [MQTT-4.7.1-2] parent level
        "home/+                 | home                   | false",
        "home/+                 | home/                  | true",   // + matches an empty level
        "+/+                    | /finance               | true",
        "/+                     | /finance               | true",
        "+                      | /finance               | false",
        "#                      | a/b/c                  | true",
        "#                      | $SYS/broker            | false",  // [MQTT-4.7.2-1]
        "+/broker               | $SYS/broker            | false",  // [MQTT-4.7.2-1]
        "$SYS/#                 | $SYS/broker            | true",
        "a/b                    | a/b/c                  | false",
        "a/b/c                  | a/b                    | false",
        "a/b                    | a/bc                   | false",
        "A/b                    | a/b                    | false",  // case sensitive [MQTT-4.7.3-4]
        "a//c                   | a//c                   | true",
    })
    void filterMatchesNamesAsTheSpecificationSays(String filter, String name, boolean expected) {
        assertThat(Topics.matches(filter, name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "a/#", "a/+/c", "+/+", "/", "a//b", "$share/g/a/+", "$SYS/#", "+/#"})
    void validFiltersAreAccepted(String filter) {
        assertThat(Topics.filterProblem(filter)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "home/#/x | MQTT-4.7.1-2",
        "a#       | MQTT-4.7.1-2",
        "a+b      | MQTT-4.7.1-3",
        "a/b+     | MQTT-4.7.1-3",
        "$share/g | MQTT-4.8.2-1",
        "$share/g/ | MQTT-4.8.2-1",
        "$share//a | MQTT-4.8.2-1",
        "$share/g+/a | MQTT-4.8.2-2",
        "$share/g/a/#/b | MQTT-4.7.1-2",
    })
    void invalidFiltersNameTheRuleTheyBreak(String filter, String rule) {
        assertThat(Topics.filterProblem(filter)).contains(rule);
    }

    @Test
    void emptyAndNulFiltersAndNamesAreInvalid() {
        assertThat(Topics.filterProblem("")).contains("MQTT-4.7.3-1");
        assertThat(Topics.nameProblem("")).contains("MQTT-4.7.3-1");
        assertThat(Topics.filterProblem("a\0b")).contains("MQTT-4.7.3-2");
        assertThat(Topics.nameProblem("a\0b")).contains("MQTT-4.7.3-2");
    }

    @Test
    void namesMustNotContainWildcards() {
        assertThat(Topics.nameProblem("home/+/x")).contains("MQTT-3.3.2-2");
        assertThat(Topics.nameProblem("home/#")).contains("MQTT-3.3.2-2");
        assertThat(Topics.isValidName("home/garden/fountain/2")).isTrue();
    }

    @Test
    void topicsLongerThan65535Utf8BytesAreInvalid() {
        String ascii = "a".repeat(65_535);
        assertThat(Topics.nameProblem(ascii)).isNull();
        assertThat(Topics.nameProblem(ascii + "b")).contains("MQTT-4.7.3-3");
        String threeByteChars = "\u6c34".repeat(21_846);
        assertThat(Topics.nameProblem(threeByteChars)).contains("65538");
    }

    @Test
    void sharedFiltersSplitIntoGroupAndMatchingFilter() {
        assertThat(Topics.isShared("$share/workers/jobs/+")).isTrue();
        assertThat(Topics.shareGroup("$share/workers/jobs/+")).isEqualTo("workers");
        assertThat(Topics.matchingFilter("$share/workers/jobs/+")).isEqualTo("jobs/+");
        assertThat(Topics.matchingFilter("jobs/+")).isEqualTo("jobs/+");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a/+/c/#     | a/b/c/d/e | b,d/e",
        "+/+         | x/y       | x,y",
        "a/#         | a         | ''",
        "#           | a/b       | a/b",
        "home/+      | home/     | ''",
        "a/b         | a/b       | ",
    })
    void wildcardValuesAreTheLevelsEachWildcardMatched(String filter, String name, String expected) {
        String[] values = expected == null ? new String[0] : expected.split(",", -1);
        assertThat(Topics.wildcardValues(filter, name)).containsExactly(values);
        assertThat(Topics.wildcardCount(filter)).isEqualTo(values.length);
    }

    /**
     * covers and overlaps are defined by matches: check them against it over every name built from
     * a small alphabet of levels, for every pair of filters built from the same alphabet.
     */
    @Test
    void coversAndOverlapsAgreeWithMatchingOverAllSmallTopics() {
        List<String> names = combinations(List.of("a", "b", "", "$s"), 3, false);
        List<String> filters = combinations(List.of("a", "b", "", "$s", "+", "#"), 3, true);
        for (String x : filters) {
            for (String y : filters) {
                boolean anyBoth = false;
                boolean yWithinX = true;
                for (String name : names) {
                    boolean mx = Topics.matches(x, name);
                    boolean my = Topics.matches(y, name);
                    anyBoth |= mx && my;
                    yWithinX &= !my || mx;
                }
                assertThat(Topics.overlaps(x, y)).as("overlaps(%s, %s)", x, y).isEqualTo(anyBoth);
                assertThat(Topics.covers(x, y)).as("covers(%s, %s)", x, y).isEqualTo(yWithinX);
            }
        }
    }

    private static List<String> combinations(List<String> levels, int maxLevels, boolean filters) {
        List<String> result = new ArrayList<>();
        List<String> current = new ArrayList<>(levels);
        for (int depth = 1; depth <= maxLevels; depth++) {
            for (String topic : current) {
                boolean valid = filters ? Topics.isValidFilter(topic) : Topics.isValidName(topic);
                if (valid && !topic.isEmpty()) {
                    result.add(topic);
                }
            }
            List<String> next = new ArrayList<>();
            for (String prefix : current) {
                for (String level : levels) {
                    next.add(prefix + "/" + level);
                }
            }
            current = next;
        }
        return result;
    }
}
