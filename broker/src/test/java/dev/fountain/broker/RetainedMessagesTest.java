package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PahoClient.Received;
import dev.fountain.broker.testing.TestBrokers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetainedMessagesTest {

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBrokers.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void retainedMessageIsDeliveredToLateSubscriberWithRetainFlag() throws Exception {
        try (PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            publisher.publish("home/garden/fountain/2", "on", 1, true);
        }
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "late")) {
            subscriber.subscribe("home/garden/+/2", 1);
            Received received = subscriber.next();
            assertThat(received.payload()).isEqualTo("on");
            // [MQTT-3.3.1-8] RETAIN 1 on a message sent because of a new subscription
            assertThat(received.retained()).isTrue();
        }
    }

    @Test
    void establishedSubscriberGetsRetainFlagZero() throws Exception {
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "sub");
             PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            subscriber.subscribe("status", 1);
            publisher.publish("status", "up", 1, true);
            // [MQTT-3.3.1-9]
            assertThat(subscriber.next().retained()).isFalse();
        }
    }

    @Test
    void onlyTheLastRetainedMessageOfATopicIsKept() throws Exception {
        try (PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            publisher.publish("status", "first", 1, true);
            publisher.publish("status", "second", 1, true);
        }
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "late")) {
            subscriber.subscribe("status", 1);
            assertThat(subscriber.next().payload()).isEqualTo("second");
            subscriber.expectNothingFor(Duration.ofMillis(200));
        }
        assertThat(broker.retainedCount()).isEqualTo(1);
    }

    @Test
    void anEmptyRetainedPayloadDeletesTheRetainedMessage() throws Exception {
        try (PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            publisher.publish("status", "up", 1, true);
            await().until(() -> broker.retainedCount() == 1);
            // [MQTT-3.3.1-10], [MQTT-3.3.1-11]
            publisher.publish("status", "", 1, true);
            await().until(() -> broker.retainedCount() == 0);
        }
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "late")) {
            subscriber.subscribe("status", 1);
            subscriber.expectNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    void retainedMessagesAreDeliveredAtTheLowerOfStoredAndGrantedQos() throws Exception {
        try (PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            publisher.publish("a/1", "q2", 2, true);
            publisher.publish("a/2", "q0", 0, true);
        }
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "late")) {
            subscriber.subscribe("a/#", 1);
            subscriber.awaitCount(2);
            assertThat(subscriber.all()).extracting(Received::payload, Received::qos)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("q2", 1),
                            org.assertj.core.groups.Tuple.tuple("q0", 0));
        }
    }

    @Test
    void wildcardsFindRetainedMessagesButNotDollarTopics() throws Exception {
        try (PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            publisher.publish("home/garden/fountain/1", "1", 1, true);
            publisher.publish("home/garden/fountain/2", "2", 1, true);
            publisher.publish("home/kitchen/light", "3", 1, true);
            publisher.publish("home", "4", 1, true);
            publisher.publish("$internal/x", "5", 1, true);
        }
        try (PahoClient hash = PahoClient.connect(broker.port(), "hash");
             PahoClient plus = PahoClient.connect(broker.port(), "plus");
             PahoClient everything = PahoClient.connect(broker.port(), "everything")) {
            hash.subscribe("home/#", 1);
            hash.awaitCount(4);
            assertThat(hash.all()).extracting(Received::payload).containsExactlyInAnyOrder("1", "2", "3", "4");
            plus.subscribe("home/+/fountain/+", 1);
            plus.awaitCount(2);
            assertThat(plus.all()).extracting(Received::payload).containsExactlyInAnyOrder("1", "2");
            everything.subscribe("#", 1);
            everything.awaitCount(4);
            everything.expectNothingFor(Duration.ofMillis(200));
            assertThat(everything.all()).extracting(Received::payload).doesNotContain("5");
        }
    }

    @Test
    void resubscribingSendsTheRetainedMessagesAgain() throws Exception {
        try (PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            publisher.publish("status", "up", 1, true);
        }
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "sub")) {
            subscriber.subscribe("status", 1);
            subscriber.next();
            // [MQTT-3.8.4-3]
            subscriber.subscribe("status", 1);
            assertThat(subscriber.next().payload()).isEqualTo("up");
        }
    }
}
