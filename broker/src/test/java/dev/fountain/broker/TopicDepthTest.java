package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PahoClient.Received;
import dev.fountain.broker.testing.RawClient;
import dev.fountain.broker.testing.TestBrokers;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Topic depth is the client's choice, so it is bounded: a topic or filter deeper than
 * {@code max_topic_levels} (200 by default, Mosquitto's limit) closes its client, and the trees
 * are walked without recursion, so even the deepest topic the protocol allows harms nobody else.
 */
class TopicDepthTest {

    private static final String DEEP_TOPIC = "a/".repeat(3_999) + "a";

    @Test
    void aPublishDeeperThanTheLimitClosesItsClientAndLaterWildcardSubscribersAreServed() throws Exception {
        try (Broker broker = TestBrokers.start()) {
            try (RawClient attacker = RawClient.connect(broker.port(), "attacker")) {
                attacker.send(MqttMessageBuilders.publish().topicName(DEEP_TOPIC).qos(MqttQoS.AT_MOST_ONCE)
                        .retained(true).payload(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8)).build());
                assertThat(attacker.closedByBroker()).isTrue();
            }
            assertThat(broker.retainedCount()).isZero();
            try (PahoClient publisher = PahoClient.connect(broker.port(), "publisher");
                 PahoClient subscriber = PahoClient.connect(broker.port(), "everything")) {
                subscriber.subscribe("#", 1);
                publisher.publish("sentinel", "after", 1, false);
                Received received = subscriber.next();
                assertThat(received.topic()).isEqualTo("sentinel");
                assertThat(subscriber.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aSubscribeDeeperThanTheLimitClosesItsClient() throws Exception {
        try (Broker broker = TestBrokers.start();
             RawClient attacker = RawClient.connect(broker.port(), "attacker")) {
            attacker.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_MOST_ONCE, "+/".repeat(3_999) + "+").build());
            assertThat(attacker.closedByBroker()).isTrue();
        }
    }

    @Test
    void aTopicAtTheLimitIsAccepted() throws Exception {
        String atLimit = "a/".repeat(199) + "a";
        try (Broker broker = TestBrokers.start();
             PahoClient client = PahoClient.connect(broker.port(), "deep")) {
            client.subscribe("+/".repeat(199) + "+", 1);
            client.publish(atLimit, "200 levels", 1, false);
            assertThat(client.next().payload()).isEqualTo("200 levels");
        }
    }

    @Test
    void withTheLimitRaisedADeepRetainedTopicReachesWildcardSubscribersAndShutdownClearsIt() throws Exception {
        Broker broker = TestBrokers.start(config -> config.maxTopicLevels(10_000));
        try (PahoClient publisher = PahoClient.connect(broker.port(), "publisher")) {
            publisher.publish(DEEP_TOPIC, "deep", 1, true);
        }
        try (PahoClient everything = PahoClient.connect(broker.port(), "everything");
             PahoClient plus = PahoClient.connect(broker.port(), "plus")) {
            everything.subscribe("#", 1);
            assertThat(everything.next().payload()).isEqualTo("deep");
            plus.subscribe("+/".repeat(3_999) + "+", 1);
            assertThat(plus.next().payload()).isEqualTo("deep");
        } finally {
            broker.close();
        }
        assertThat(broker.retainedCount()).isZero();
    }
}
