package dev.fountain.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.topic.Topics;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {

    /** A subscriber that is only a name, for matching tests. */
    record Named(String clientId) implements Subscriber {
        @Override
        public String username() {
            return null;
        }

        @Override
        public void offer(Message message, int qos, boolean retain, int[] subscriptionIds, String sharedFilter) {
            message.release();
        }
    }

    private static final List<String> LEVELS = List.of("home", "garden", "fountain", "2", "", "$SYS", "a");

    private static String randomTopic(Random random, boolean filter) {
        int depth = 1 + random.nextInt(4);
        StringBuilder topic = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                topic.append('/');
            }
            int pick = random.nextInt(LEVELS.size() + (filter ? 2 : 0));
            if (pick == LEVELS.size()) {
                topic.append('+');
            } else if (pick == LEVELS.size() + 1) {
                topic.append('#');
                break;
            } else {
                topic.append(LEVELS.get(pick));
            }
        }
        return topic.toString();
    }

    private static Set<Subscriber> match(SubscriptionIndex index, String name) {
        MatchCollector collector = new MatchCollector();
        index.match(name, collector);
        Set<Subscriber> found = new HashSet<>();
        for (int i = 0; i < collector.size(); i++) {
            found.add(collector.subscriber(i));
        }
        collector.clear();
        return found;
    }

    @Test
    void theIndexMatchesExactlyWhatTopicsMatchesSays() {
        Random random = new Random(42);
        SubscriptionIndex index = new SubscriptionIndex();
        Map<Subscriber, String> filters = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            String filter = randomTopic(random, true);
            if (!Topics.isValidFilter(filter)) {
                continue;
            }
            Subscriber subscriber = new Named("c" + i);
            index.add(new Subscription(subscriber, filter, 0));
            filters.put(subscriber, filter);
        }
        for (int i = 0; i < 2000; i++) {
            String name = randomTopic(random, false);
            if (!Topics.isValidName(name)) {
                continue;
            }
            Set<Subscriber> expected = new HashSet<>();
            filters.forEach((subscriber, filter) -> {
                if (Topics.matches(filter, name)) {
                    expected.add(subscriber);
                }
            });
            assertThat(match(index, name)).as("subscribers of '%s'", name).isEqualTo(expected);
        }
    }

    @Test
    void aSubscriberWithOverlappingFiltersIsCollectedOnceAtTheHighestQos() {
        SubscriptionIndex index = new SubscriptionIndex();
        Subscriber subscriber = new Named("c");
        index.add(new Subscription(subscriber, "a/#", 0));
        index.add(new Subscription(subscriber, "a/+", 2));
        index.add(new Subscription(subscriber, "a/b", 1));
        MatchCollector collector = new MatchCollector();
        index.match("a/b", collector);
        assertThat(collector.size()).isEqualTo(1);
        assertThat(collector.qos(0)).isEqualTo(2);
    }

    @Test
    void manyOverlappingSubscribersAreDeduplicatedToo() {
        SubscriptionIndex index = new SubscriptionIndex();
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Subscriber subscriber = new Named("c" + i);
            subscribers.add(subscriber);
            index.add(new Subscription(subscriber, "x/#", 0));
            index.add(new Subscription(subscriber, "x/+", 1));
        }
        MatchCollector collector = new MatchCollector();
        index.match("x/y", collector);
        assertThat(collector.size()).isEqualTo(50);
        for (int i = 0; i < collector.size(); i++) {
            assertThat(collector.qos(i)).isEqualTo(1);
        }
    }

    @Test
    void subscribingAgainReplacesTheQos() {
        SubscriptionIndex index = new SubscriptionIndex();
        Subscriber subscriber = new Named("c");
        assertThat(index.add(new Subscription(subscriber, "t", 0))).isNull();
        assertThat(index.add(new Subscription(subscriber, "t", 2))).isNotNull();
        assertThat(index.size()).isEqualTo(1);
        MatchCollector collector = new MatchCollector();
        index.match("t", collector);
        assertThat(collector.qos(0)).isEqualTo(2);
    }

    @Test
    void removingTheLastSubscriptionLeavesNoMatchAndNoCount() {
        SubscriptionIndex index = new SubscriptionIndex();
        Subscriber subscriber = new Named("c");
        index.add(new Subscription(subscriber, "a/b/c", 0));
        assertThat(index.remove(subscriber, "a/b/c")).isNotNull();
        assertThat(index.remove(subscriber, "a/b/c")).isNull();
        assertThat(index.size()).isZero();
        assertThat(match(index, "a/b/c")).isEmpty();
    }

    @Test
    void routedMessagesReachEachMatchingSubscriberOnce() {
        SubscriptionIndex index = new SubscriptionIndex();
        List<String> got = new ArrayList<>();
        Subscriber recorder = new Subscriber() {
            @Override
            public String clientId() {
                return "r";
            }

            @Override
            public String username() {
                return null;
            }

            @Override
            public void offer(Message message, int qos, boolean retain, int[] subscriptionIds, String sharedFilter) {
                got.add(message.topic() + " q" + qos);
                message.release();
            }
        };
        index.add(new Subscription(recorder, "a/#", 1));
        index.add(new Subscription(recorder, "a/b", 0));
        Router router = new Router(index, new RetainedMessages(), Router.ReadAccess.ALLOW_ALL);
        Message message = new Message("a/b", Unpooled.copiedBuffer(new byte[] {1}), 2, false);
        assertThat(router.publish(message)).isEqualTo(1);
        message.release();
        assertThat(got).containsExactly("a/b q1");
        assertThat(message.refCnt()).isZero();
    }

    @Test
    void aTopicAsDeepAsTheProtocolAllowsIsMatchedWithoutRecursion() {
        // 32,768 levels: as deep as a topic of 65,535 bytes can be; a recursive walk overflowed at 4,000
        String deep = "a/".repeat(32_767) + "a";
        String deepFilter = "+/".repeat(32_767) + "a";
        SubscriptionIndex index = new SubscriptionIndex();
        Subscriber everything = new Named("everything");
        Subscriber plus = new Named("plus");
        index.add(new Subscription(everything, "#", 0));
        index.add(new Subscription(plus, deepFilter, 0));
        assertThat(match(index, deep)).containsExactlyInAnyOrder(everything, plus);
        assertThat(index.remove(plus, deepFilter)).isNotNull();
        assertThat(match(index, deep)).containsExactly(everything);
    }

    @Test
    void aSubscriptionSpellsItsFilterFromTheIndexOnceAdded() {
        SubscriptionIndex index = new SubscriptionIndex();
        Subscriber subscriber = new Named("c");
        for (String filter : List.of("a/b/c", "/", "//x/", "a/+/#", "#", "+", "$SYS/broker/#", "$share/g/a/+",
                "$share/g//", "caf\u00e9/\u6c34/+")) {
            Subscription subscription = new Subscription(subscriber, filter, 1);
            index.add(subscription);
            assertThat(subscription.filter()).as(filter).isEqualTo(filter);
        }
    }

    @Test
    void theOptionsPackedIntoOneIntReadBackAsGiven() {
        for (int qos = 0; qos <= 2; qos++) {
            for (int handling = 0; handling <= 2; handling++) {
                for (int flags = 0; flags < 4; flags++) {
                    Subscription s = new Subscription(null, "t", qos, (flags & 1) != 0, (flags & 2) != 0, handling,
                            268_435_455);
                    assertThat(List.of(s.qos(), s.noLocal(), s.retainAsPublished(), s.retainHandling(), s.subscriptionId()))
                            .isEqualTo(List.of(qos, (flags & 1) != 0, (flags & 2) != 0, handling, 268_435_455));
                }
            }
        }
    }

    @Test
    void equalLevelsUnderDifferentParentsAreOneStringAndStillMatchApart() {
        SubscriptionIndex index = new SubscriptionIndex();
        Subscriber a = new Named("a");
        Subscriber b = new Named("b");
        Subscription first = new Subscription(a, "x/" + "status".substring(0), 0);
        Subscription second = new Subscription(b, "y/" + new String("status"), 0);
        index.add(first);
        index.add(second);
        String firstLevel = ((FilterNode) first.place()).level;
        String secondLevel = ((FilterNode) second.place()).level;
        assertThat(firstLevel).isSameAs(secondLevel);
        assertThat(match(index, "x/status")).containsExactly(a);
        assertThat(match(index, "y/status")).containsExactly(b);
        assertThat(match(index, "z/status")).isEmpty();
    }

    @Test
    void removingEverySubscriptionFreesEveryNode() {
        SubscriptionIndex index = new SubscriptionIndex();
        List<Subscriber> clients = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            Subscriber client = new Named("c" + c);
            clients.add(client);
            for (int j = 0; j < 30; j++) {
                String filter = switch (j % 3) {
                    case 0 -> "bench/l/" + c + "/" + j;
                    case 1 -> "+/p/" + c + "/" + j;
                    default -> "bench/h/" + c + "/" + j + "/#";
                };
                index.add(new Subscription(client, filter, 1));
                if (c == 0) {
                    filters.add(filter.replace("/0/", "/%d/"));
                }
            }
            index.add(new Subscription(client, "$share/g/bench/#", 1));
        }
        assertThat(index.size()).isEqualTo(50 * 31);
        assertThat(index.nodeCount()).isGreaterThan(50 * 30);
        for (int c = 0; c < 50; c++) {
            for (String filter : filters) {
                assertThat(index.remove(clients.get(c), String.format(filter, c))).isNotNull();
            }
            assertThat(index.remove(clients.get(c), "$share/g/bench/#")).isNotNull();
        }
        assertThat(index.size()).isZero();
        assertThat(index.nodeCount()).isZero();
    }

    @Test
    void aSessionsListTakesItsSubscriptionsOutOfTheIndexInOneGo() {
        SubscriptionIndex index = new SubscriptionIndex();
        Subscriber leaving = new Named("leaving");
        Subscriber staying = new Named("staying");
        SubscriptionList list = new SubscriptionList();
        for (int i = 0; i < 20; i++) {
            Subscription s = new Subscription(leaving, "t/" + i, 0);
            list.put(s, index.add(s));
        }
        Subscription again = new Subscription(leaving, "t/3", 2);
        list.put(again, index.add(again));
        list.remove(index.remove(leaving, "t/7"));
        index.add(new Subscription(staying, "t/+", 0));
        assertThat(list.size()).isEqualTo(19);
        index.removeAll(list);
        list.clear();
        assertThat(index.size()).isEqualTo(1);
        assertThat(match(index, "t/3")).containsExactly(staying);
        assertThat(index.nodeCount()).isEqualTo(2);
    }

    @Test
    void aLevelWithThousandsOfChildrenMatchesWhileTheyComeAndGo() {
        Random random = new Random(17);
        SubscriptionIndex index = new SubscriptionIndex();
        Map<String, Subscriber> present = new HashMap<>();
        for (int round = 0; round < 20_000; round++) {
            String level = Integer.toString(random.nextInt(3_000));
            String filter = "d/" + level + (random.nextBoolean() ? "/s" : "/+");
            if (present.containsKey(filter)) {
                assertThat(index.remove(present.remove(filter), filter)).isNotNull();
            } else {
                Subscriber subscriber = new Named(filter);
                present.put(filter, subscriber);
                index.add(new Subscription(subscriber, filter, 0));
            }
            if (round % 97 == 0) {
                String topic = "d/" + random.nextInt(3_000) + "/s";
                Set<Subscriber> expected = new HashSet<>();
                present.forEach((f, s) -> {
                    if (Topics.matches(f, topic)) {
                        expected.add(s);
                    }
                });
                assertThat(match(index, topic)).as(topic).isEqualTo(expected);
            }
        }
        for (Map.Entry<String, Subscriber> entry : present.entrySet()) {
            assertThat(index.remove(entry.getValue(), entry.getKey())).isNotNull();
        }
        assertThat(index.nodeCount()).isZero();
    }
}
