package dev.fountain.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.topic.Topics;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetainedMessagesUnitTest {

    private final RetainedMessages retained = new RetainedMessages();

    @AfterEach
    void release() {
        retained.clear();
    }

    private void put(String topic, String payload) {
        retained.put(new Message(topic, Unpooled.copiedBuffer(payload.getBytes()), 1, true));
    }

    private List<String> find(String filter) {
        List<String> topics = new ArrayList<>();
        retained.forEachMatching(filter, message -> {
            topics.add(message.topic());
            message.release();
        });
        return topics;
    }

    @Test
    void lookupsFindWhatTopicsMatchesSays() {
        List<String> topics = List.of("home", "home/garden", "home/garden/fountain/2", "home/kitchen",
                "/leading", "trailing/", "a//b", "$SYS/uptime", "$SYS", "office/light");
        topics.forEach(t -> put(t, "x"));
        List<String> filters = List.of("#", "+", "+/+", "home/#", "home/+", "+/garden/#", "/+", "+/", "a/+/b",
                "$SYS/#", "$SYS", "+/uptime", "home/garden/fountain/2", "nothing/#");
        for (String filter : filters) {
            List<String> expected = topics.stream().filter(t -> Topics.matches(filter, t)).toList();
            assertThat(find(filter)).as("retained for '%s'", filter).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void anEmptyPayloadDeletesAndCountsDown() {
        put("a", "x");
        put("a/b", "y");
        assertThat(retained.size()).isEqualTo(2);
        put("a", "");
        assertThat(retained.size()).isEqualTo(1);
        assertThat(find("#")).containsExactly("a/b");
        put("never/stored", "");
        assertThat(retained.size()).isEqualTo(1);
    }

    @Test
    void replacingKeepsOneMessagePerTopicAndFreesTheOldOne() {
        Message first = new Message("t", Unpooled.copiedBuffer("1".getBytes()), 0, true);
        retained.put(first);
        put("t", "2");
        assertThat(first.refCnt()).isZero();
        assertThat(retained.size()).isEqualTo(1);
    }

    @Test
    void aRetainedTopicAsDeepAsTheProtocolAllowsIsFoundAndClearedWithoutRecursion() {
        // 32,768 levels: as deep as a topic of 65,535 bytes can be; a recursive walk overflowed at 4,000
        String deep = "a/".repeat(32_767) + "a";
        put(deep, "x");
        put("shallow", "y");
        assertThat(find("#")).containsExactlyInAnyOrder(deep, "shallow");
        assertThat(find("+/".repeat(32_767) + "a")).containsExactly(deep);
        assertThat(find("a/".repeat(100) + "#")).containsExactly(deep);
        retained.clear();
        assertThat(find("#")).isEmpty();
    }

    @Test
    void deletingATopicThatHasNoRetainedMessageFreesTheDeletion() {
        Message deletion = new Message("never/retained", Unpooled.directBuffer(0), 1, true);
        retained.put(deletion);
        assertThat(deletion.refCnt()).isZero();
        assertThat(retained.size()).isZero();
    }
}
