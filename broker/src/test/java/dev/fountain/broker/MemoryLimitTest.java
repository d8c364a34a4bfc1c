package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.TestBrokers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code memory_limit}: past it, new publishes are refused (MQTT 5: Quota exceeded; 3.1.1: dropped
 * and logged) instead of the broker growing towards an OutOfMemoryError, and accepted again once
 * memory is freed.
 */
class MemoryLimitTest {

    private Broker broker;
    private Mqtt5BlockingClient publisher;

    @BeforeEach
    void start() throws Exception {
        broker = TestBrokers.start(config -> config.memoryLimit(10_000));
        publisher = MqttClient.builder().useMqttVersion5().identifier("publisher").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        publisher.connect();
    }

    @AfterEach
    void stop() {
        publisher.disconnect();
        broker.close();
    }

    private Mqtt5PubAckReasonCode publishRetained(String topic, int bytes) {
        try {
            Mqtt5Qos1Result result = (Mqtt5Qos1Result) publisher.publishWith().topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(new byte[bytes]).send();
            return result.getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException refused) {
            return refused.getMqttMessage().getReasonCode();
        }
    }

    @Test
    void publishesPastTheLimitAreRefusedUntilMemoryIsFreed() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(publishRetained("held/" + i, 1000)).isIn(Mqtt5PubAckReasonCode.SUCCESS,
                    Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        }
        assertThat(publishRetained("held/10", 1000)).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
        assertThat(broker.retainedCount()).isEqualTo(10);

        try (PahoClient old = PahoClient.connect(broker.port(), "mqtt311")) {
            old.subscribe("held/#", 1);
            old.awaitCount(10);
            old.publish("held/from-311", "dropped", 1, false);
            // deleting a retained message frees its bytes
            assertThat(publishRetained("held/0", 0)).isIn(Mqtt5PubAckReasonCode.SUCCESS,
                    Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
            assertThat(publishRetained("held/10", 1000)).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            // the 3.1.1 publish above got its PUBACK but was not delivered: the next one is held/0's deletion
            assertThat(old.next().topic()).isEqualTo("held/0");
            assertThat(old.next().topic()).isEqualTo("held/10");
        }
    }
}
