package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PahoClient.Received;
import dev.fountain.broker.testing.TestBrokers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The guide's first steps: publish to home/garden/fountain/2 and receive it, at every QoS. */
class PublishSubscribeTest {

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBrokers.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void helloWorldReachesASubscriberAtEveryQos(int qos) throws Exception {
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "sub");
             PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            subscriber.subscribe("home/garden/fountain/2", qos);
            publisher.publish("home/garden/fountain/2", "hello world", qos, false);
            Received received = subscriber.next();
            assertThat(received.topic()).isEqualTo("home/garden/fountain/2");
            assertThat(received.payload()).isEqualTo("hello world");
            assertThat(received.qos()).isEqualTo(qos);
            assertThat(received.retained()).isFalse();
        }
    }

    @ParameterizedTest
    @CsvSource({"0,2,0", "1,2,1", "2,2,2", "2,0,0", "2,1,1", "1,0,0"})
    void deliveryUsesTheLowerOfPublishedAndGrantedQos(int published, int granted, int expected) throws Exception {
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "sub");
             PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            subscriber.subscribe("qos/test", granted);
            publisher.publish("qos/test", "x", published, false);
            assertThat(subscriber.next().qos()).isEqualTo(expected);
        }
    }

    @Test
    void wildcardSubscriptionsMatchAsTheSpecificationSays() throws Exception {
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "sub");
             PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            subscriber.subscribe("home/garden/+/2", 1);
            publisher.publish("home/garden/fountain/2", "a", 1, false);
            publisher.publish("home/kitchen/fountain/2", "b", 1, false);
            publisher.publish("home/garden/pond/2", "c", 1, false);
            assertThat(subscriber.next().payload()).isEqualTo("a");
            assertThat(subscriber.next().payload()).isEqualTo("c");
            subscriber.expectNothingFor(Duration.ofMillis(200));
        }
    }

    @Test
    void overlappingSubscriptionsDeliverOneCopyAtTheHighestQos() throws Exception {
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "sub");
             PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            subscriber.subscribe("home/#", 0);
            subscriber.subscribe("home/+/temperature", 2);
            publisher.publish("home/kitchen/temperature", "21", 2, false);
            assertThat(subscriber.next().qos()).isEqualTo(2);
            subscriber.expectNothingFor(Duration.ofMillis(200));
        }
    }

    @Test
    void leadingWildcardsDoNotMatchDollarTopics() throws Exception {
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "sub");
             PahoClient dollar = PahoClient.connect(broker.port(), "dollar");
             PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            subscriber.subscribe("#", 1);
            dollar.subscribe("$app/#", 1);
            publisher.publish("$app/status", "hidden from #", 1, false);
            publisher.publish("app/status", "visible", 1, false);
            assertThat(subscriber.next().payload()).isEqualTo("visible");
            assertThat(dollar.next().payload()).isEqualTo("hidden from #");
            subscriber.expectNothingFor(Duration.ofMillis(200));
        }
    }

    @Test
    void unsubscribeStopsDelivery() throws Exception {
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "sub");
             PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            subscriber.subscribe("a/b", 1);
            publisher.publish("a/b", "one", 1, false);
            assertThat(subscriber.next().payload()).isEqualTo("one");
            subscriber.paho().unsubscribe("a/b");
            publisher.publish("a/b", "two", 1, false);
            subscriber.expectNothingFor(Duration.ofMillis(300));
            assertThat(broker.subscriptionCount()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void messagesFromOnePublisherArriveInOrder(int qos) throws Exception {
        int count = 2000;
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "sub");
             PahoClient publisher = PahoClient.connect(broker.port(), "pub")) {
            subscriber.subscribe("order/#", qos);
            for (int i = 0; i < count; i++) {
                publisher.publish("order/" + (i % 3), Integer.toString(i), qos, false);
            }
            subscriber.awaitCount(count);
            assertThat(subscriber.all()).extracting(Received::payload)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, count)
                            .mapToObj(Integer::toString).toList());
        }
    }

    @Test
    void aClientReceivesItsOwnMessages() throws Exception {
        try (PahoClient client = PahoClient.connect(broker.port(), "self")) {
            client.subscribe("home/garden/fountain/2", 0);
            client.publish("home/garden/fountain/2", "hello world", 0, false);
            assertThat(client.next().payload()).isEqualTo("hello world");
        }
    }
}
