package dev.fountain.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.topic.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {

    private static final int CLIENTS = 20;
    private static final int PER_CLIENT = 30;

    @Test
    void everyPublishedTopicReachesExactlyItsThreeClientsOnceEach() {
        List<List<String>> filters = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            filters.add(Subscriptions.filters(c, CLIENTS, PER_CLIENT));
        }
        for (int t = 0; t < CLIENTS; t++) {
            Stream stream = Subscriptions.stream(t, CLIENTS);
            Set<Integer> expected = new HashSet<>();
            for (int i = 0; i < stream.subscriberCount(); i++) {
                expected.add(stream.subscriber(i));
            }
            Set<Integer> reached = new HashSet<>();
            for (int c = 0; c < CLIENTS; c++) {
                String topic = stream.topic();
                long matching = filters.get(c).stream().filter(f -> Topics.matches(f, topic)).count();
                assertThat(matching).as("filters of client %d matching %s", c, topic).isLessThanOrEqualTo(1);
                if (matching == 1) {
                    reached.add(c);
                }
            }
            assertThat(reached).isEqualTo(expected).hasSize(3);
        }
    }

    @Test
    void filtersAreDistinctAndMixLiteralPlusAndHash() {
        List<String> all = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            all.addAll(Subscriptions.filters(c, CLIENTS, PER_CLIENT));
        }

        assertThat(new HashSet<>(all)).hasSize(CLIENTS * PER_CLIENT);
        assertThat(all).anyMatch(f -> !f.contains("+") && !f.contains("#"))
                .anyMatch(f -> f.startsWith("+/")).anyMatch(f -> f.endsWith("/#"));
    }
}
