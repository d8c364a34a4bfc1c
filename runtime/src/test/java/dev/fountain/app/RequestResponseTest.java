package dev.fountain.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 request/response through a handler, with HiveMQ's client as the requester. */
class RequestResponseTest {

    static final class Lights {
        String set(String room, String origin, String contentType, String state) {
            return room + " light " + state + " (asked by " + origin + ", " + contentType + ")";
        }
    }

    private RunningApp app;
    private Mqtt5BlockingClient requester;

    @BeforeEach
    void start() {
        RouteTable table = () -> List.of(Route.subscribe(Lights.class, "set", "lights/+/set", 1, null,
                (handler, message) -> ((Lights) handler).set(message.wildcard(0), message.userProperty("origin"),
                        message.contentType(), message.payloadString()))
                .publishing("lights/replies", 1, false));
        app = Fountain.builder().broker(broker -> broker.port(0)).routeTables(table).start();
        requester = MqttClient.builder().useMqttVersion5().identifier("app").serverHost("127.0.0.1")
                .serverPort(app.port()).buildBlocking();
        requester.connect();
    }

    @AfterEach
    void stop() {
        requester.disconnect();
        app.close();
    }

    @Test
    void aReplyGoesToTheRequestsResponseTopicWithItsCorrelationData() throws Exception {
        try (var replies = requester.publishes(MqttGlobalPublishFilter.ALL)) {
            requester.subscribeWith().topicFilter("replies/app").qos(MqttQos.AT_LEAST_ONCE).send();
            requester.publishWith().topic("lights/hall/set").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("on".getBytes(StandardCharsets.UTF_8)).contentType("text/plain")
                    .responseTopic("replies/app").correlationData("req-17".getBytes(StandardCharsets.UTF_8))
                    .userProperties().add("origin", "phone").applyUserProperties().send();
            Optional<Mqtt5Publish> reply = replies.receive(5, TimeUnit.SECONDS);
            assertThat(reply).isPresent();
            // MQTT 5.0 section 4.10: the responder publishes to the Response Topic with the Correlation Data
            assertThat(reply.get().getTopic().toString()).isEqualTo("replies/app");
            assertThat(StandardCharsets.UTF_8.decode(reply.get().getCorrelationData().orElseThrow()).toString())
                    .isEqualTo("req-17");
            assertThat(new String(reply.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("hall light on (asked by phone, text/plain)");
        }
    }

    @Test
    void aRequestWithoutResponseTopicIsAnsweredOnThePublishTopic() throws Exception {
        try (var replies = requester.publishes(MqttGlobalPublishFilter.ALL)) {
            requester.subscribeWith().topicFilter("lights/replies").qos(MqttQos.AT_LEAST_ONCE).send();
            requester.publishWith().topic("lights/porch/set").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("off".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt5Publish> reply = replies.receive(5, TimeUnit.SECONDS);
            assertThat(reply).isPresent();
            assertThat(new String(reply.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("porch light off (asked by null, null)");
            assertThat(reply.get().getCorrelationData()).isEmpty();
        }
    }
}
