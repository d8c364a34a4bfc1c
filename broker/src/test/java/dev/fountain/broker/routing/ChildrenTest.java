package dev.fountain.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ChildrenTest {

    private static final FilterNode PARENT = new FilterNode(null, "");

    private static FilterNode node(String level) {
        return new FilterNode(PARENT, level);
    }

    private static Set<String> levels(Object children) {
        Set<String> found = new HashSet<>();
        Children.forEach(children, child -> found.add(child.level));
        return found;
    }

    @Test
    void childrenAreFoundByALevelInsideALongerTopic() {
        Object children = null;
        for (String level : List.of("a", "bb", "", "+", "#", "caf\u00e9")) {
            children = Children.with(children, node(level));
        }
        String topic = "x/bb/caf\u00e9/";
        assertThat(Children.find(children, topic, 2, 4, "bb".hashCode()).level).isEqualTo("bb");
        assertThat(Children.find(children, topic, 5, 9, "caf\u00e9".hashCode()).level).isEqualTo("caf\u00e9");
        assertThat(Children.find(children, topic, 10, 10, 0).level).isEmpty();
        assertThat(Children.find(children, topic, 0, 1, "x".hashCode())).isNull();
        assertThat(Children.find(children, "b")).isNull();
    }

    @Test
    void aNodeGrowsFromAnArrayToATableAndShrinksBack() {
        Object children = null;
        List<FilterNode> nodes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            FilterNode child = node("n" + i);
            nodes.add(child);
            children = Children.with(children, child);
        }
        assertThat(children).isInstanceOf(Children.Table.class);
        assertThat(Children.capacity(children)).isEqualTo(2048);
        for (int i = 0; i < 1000; i++) {
            assertThat(Children.find(children, "n" + i)).isSameAs(nodes.get(i));
        }
        for (int i = 0; i < 997; i++) {
            children = Children.without(children, nodes.get(i));
            assertThat(Children.find(children, "n" + i)).isNull();
            assertThat(Children.find(children, "n" + (i + 1))).isSameAs(nodes.get(i + 1));
        }
        assertThat(children).isInstanceOf(FilterNode[].class);
        assertThat(levels(children)).containsExactlyInAnyOrder("n997", "n998", "n999");
        for (int i = 997; i < 1000; i++) {
            children = Children.without(children, nodes.get(i));
        }
        assertThat(children).isNull();
    }

    @Test
    void tombstonesAreReusedAndNeverFillTheTable() {
        Object children = null;
        for (int i = 0; i < 20; i++) {
            children = Children.with(children, node("keep" + i));
        }
        // churn: a probe must still end at a free slot after many adds and removes
        for (int i = 0; i < 10_000; i++) {
            FilterNode child = node("churn" + i);
            children = Children.with(children, child);
            children = Children.without(children, child);
        }
        assertThat(Children.capacity(children)).isLessThanOrEqualTo(64);
        assertThat(Children.find(children, "churn5")).isNull();
        assertThat(levels(children)).hasSize(20);
    }

    @Test
    void wildcardsAreFoundByIdentity() {
        Object children = null;
        for (int i = 0; i < 40; i++) {
            children = Children.with(children, node("l" + i));
        }
        assertThat(Children.findWildcard(children, Levels.SINGLE)).isNull();
        FilterNode single = node(new Levels().level("+", 0, 1, "+".hashCode()));
        children = Children.with(children, single);
        assertThat(Children.findWildcard(children, Levels.SINGLE)).isSameAs(single);
        assertThat(Children.findWildcard(children, Levels.MULTI)).isNull();
    }

    @Test
    void aReaderAlwaysFindsAChildThatStaysWhileOthersComeAndGo() throws InterruptedException {
        FilterNode parent = new FilterNode(null, "");
        FilterNode stays = new FilterNode(parent, "stays");
        parent.children = Children.with(null, stays);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                if (Children.find(parent.children, "stays") != stays) {
                    failure.set("lost the child that stays");
                    return;
                }
            }
        });
        reader.start();
        List<FilterNode> others = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 100; i++) {
                FilterNode other = new FilterNode(parent, "o" + round + "-" + i);
                others.add(other);
                parent.children = Children.with(parent.children, other);
            }
            for (FilterNode other : others) {
                parent.children = Children.without(parent.children, other);
            }
            others.clear();
        }
        done.set(true);
        reader.join();
        assertThat(failure.get()).isNull();
    }

    @Test
    void recurringLevelsAreOneStringAndLongOnesAreNotKept() {
        Levels levels = new Levels();
        String first = levels.level("a/status", 2, 8, "status".hashCode());
        String second = levels.level("b/c/status/d", 4, 10, "status".hashCode());
        assertThat(second).isEqualTo("status").isSameAs(first);
        String longLevel = "x".repeat(65);
        String topic = "a/" + longLevel;
        assertThat(levels.level(topic, 2, 67, longLevel.hashCode()))
                .isEqualTo(longLevel).isNotSameAs(levels.level(topic, 2, 67, longLevel.hashCode()));
        assertThat(Levels.hash("a/caf\u00e9/b", 2, 6)).isEqualTo("caf\u00e9".hashCode());
    }
}
