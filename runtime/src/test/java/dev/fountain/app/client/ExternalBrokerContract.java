package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.fountain.app.Fountain;
import dev.fountain.app.RunningApp;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What client mode must do on every broker: handlers fire with their wildcards bound, replies and
 * MQTT 5 request/response arrive, and a message matching two routes reaches each once. A subclass
 * runs one broker and says where it listens.
 */
abstract class ExternalBrokerContract {

    private static final AtomicInteger APPS = new AtomicInteger();

    private RunningApp app;

    /** The broker's MQTT port on loopback. */
    abstract int port();

    /** The MQTT version the application speaks to it. */
    String version() {
        return "5";
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
        GardenRoutes.EVENTS.clear();
    }

    private RunningApp start() {
        app = Fountain.builder().routeTables(GardenRoutes.table())
                .property("fountain.broker.url", "mqtt://127.0.0.1:" + port())
                .property("fountain.broker.version", version())
                .property("fountain.client-id", getClass().getSimpleName() + "-" + APPS.incrementAndGet())
                .start();
        return app;
    }

    @Test
    void aDevicesMessageReachesItsHandlerWithTheWildcardBound() {
        start();
        assertThat(app.embeddedBroker()).isEmpty();
        try (Device device = new Device(port())) {
            device.publish("home/garden/fountain/2", "on");
            await().until(() -> GardenRoutes.EVENTS.contains("fountain 2 on"));
        }
    }

    @Test
    void aReturnValueIsPublishedToThePublishTopic() throws Exception {
        start();
        try (Device device = new Device(port())) {
            device.subscribe("home/alerts");
            device.publish("home/kitchen/temperature", "35.5");
            assertThat(Device.text(device.next())).isEqualTo("too hot in kitchen");
        }
    }

    @Test
    void aMessageMatchingTwoRoutesReachesEachOnce() throws Exception {
        start();
        try (Device device = new Device(port())) {
            device.subscribe("home/alerts");
            device.publish("home/garden/fountain/3", "off");
            device.publish("home/attic/temperature", "40");
            // The reply comes after both handlers of the first message, which share one topic lane each.
            assertThat(Device.text(device.next())).isEqualTo("too hot in attic");
            await().until(() -> GardenRoutes.EVENTS.contains("all home/attic/temperature"));
        }
        assertThat(GardenRoutes.EVENTS).containsOnlyOnce("fountain 3 off", "all home/garden/fountain/3",
                "attic 40.0", "all home/attic/temperature");
    }

    @Test
    void aRequestIsAnsweredOnItsResponseTopicWithItsCorrelationData() throws Exception {
        start();
        try (Device device = new Device(port())) {
            device.subscribe("replies/phone");
            device.subscribe("lights/replies");
            device.client().publishWith().topic("lights/hall/set").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("on".getBytes(StandardCharsets.UTF_8)).contentType("text/plain")
                    .responseTopic("replies/phone").correlationData("req-17".getBytes(StandardCharsets.UTF_8))
                    .userProperties().add("origin", "phone").applyUserProperties().send();
            Mqtt5Publish reply = device.next();
            if (version().equals("5")) {
                assertThat(reply.getTopic().toString()).isEqualTo("replies/phone");
                assertThat(Device.text(reply)).isEqualTo("hall light on (asked by phone, text/plain)");
                assertThat(StandardCharsets.UTF_8.decode(reply.getCorrelationData().orElseThrow()).toString())
                        .isEqualTo("req-17");
            } else {
                // MQTT 3.1.1 carries no properties: the handler sees none, and answers on @Publish's topic.
                assertThat(reply.getTopic().toString()).isEqualTo("lights/replies");
                assertThat(Device.text(reply)).isEqualTo("hall light on (asked by null, null)");
            }
        }
    }
}
