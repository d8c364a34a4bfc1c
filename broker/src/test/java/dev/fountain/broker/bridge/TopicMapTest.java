package dev.fountain.broker.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.config.BridgeTopic;
import dev.fountain.broker.config.BridgeTopic.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Topic remapping as Mosquitto 2.0 does it ({@code bridge__remap_topic_in} and the bridge branch of
 * {@code send__publish}), including the rows of the table in mosquitto.conf(5).
 */
class TopicMapTest {

    private static String prefix(String word) {
        return word.equals("\"\"") ? null : word;
    }

    /** One row of the man page's table: publishing the full local topic gives the full remote one. */
    @ParameterizedTest(name = "pattern {0}, local prefix {1}, remote prefix {2}")
    @CsvSource({
            "pattern, L/, R/, L/pattern, R/pattern",
            "pattern, L/, \"\", L/pattern, pattern",
            "pattern, \"\", R/, pattern, R/pattern",
            "pattern, \"\", \"\", pattern, pattern",
            "\"\", local, remote, local, remote"})
    void eachValidRowOfMosquittosTableMapsBothWays(String pattern, String local, String remote, String fullLocal,
            String fullRemote) {
        TopicMap map = new TopicMap(List.of(new BridgeTopic(prefix(pattern), Direction.BOTH, 0, prefix(local),
                prefix(remote))));

        assertThat(map.toRemote(fullLocal)).isEqualTo(fullRemote);
        assertThat(map.toLocal(fullRemote)).isEqualTo(fullLocal);
    }

    @Test
    void aWholeTreeMovesUnderItsPrefixes() {
        TopicMap map = new TopicMap(List.of(new BridgeTopic("#", Direction.BOTH, 2, "local/topic/", "remote/topic/")));

        assertThat(map.toRemote("local/topic/garden/soil")).isEqualTo("remote/topic/garden/soil");
        assertThat(map.toLocal("remote/topic/garden/soil")).isEqualTo("local/topic/garden/soil");
    }

    @Test
    void theManPagesExampleBringsSysTopicsIn() {
        TopicMap map = new TopicMap(List.of(new BridgeTopic("clients/total", Direction.IN, 0, "test/mosquitto/org/",
                "$SYS/broker/")));

        assertThat(map.toLocal("$SYS/broker/clients/total")).isEqualTo("test/mosquitto/org/clients/total");
    }

    @Test
    void aLineRemapsOnlyInItsDirection() {
        TopicMap map = new TopicMap(List.of(new BridgeTopic("a/#", Direction.IN, 0, "L/", "R/")));

        assertThat(map.toLocal("R/a/1")).isEqualTo("L/a/1");
        assertThat(map.toRemote("L/a/1")).isEqualTo("L/a/1");
    }

    @Test
    void theFirstMatchingLineWithAPrefixWinsAndLinesWithoutPrefixesAreSkipped() {
        TopicMap map = new TopicMap(List.of(
                BridgeTopic.out("x/#"),
                new BridgeTopic("x/#", Direction.OUT, 0, null, "first/"),
                new BridgeTopic("x/#", Direction.OUT, 0, null, "second/")));

        assertThat(map.toRemote("x/1")).isEqualTo("first/x/1");
    }

    @Test
    void aMessageNoLineMatchesCrossesUnchanged() {
        TopicMap map = new TopicMap(List.of(new BridgeTopic("a/#", Direction.BOTH, 0, "L/", "R/")));

        assertThat(map.toRemote("b/1")).isEqualTo("b/1");
        assertThat(map.toLocal("b/1")).isEqualTo("b/1");
    }

    @Test
    void aWildcardPatternUnderAPrefixMatchesOnlyThatLevelAsMosquittoMatchesIt() {
        TopicMap map = new TopicMap(List.of(new BridgeTopic("+/temp", Direction.OUT, 0, "home/", "site/7/")));

        assertThat(map.toRemote("home/kitchen/temp")).isEqualTo("site/7/kitchen/temp");
        assertThat(map.toRemote("home/kitchen/humidity")).isEqualTo("home/kitchen/humidity");
    }
}
