package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PahoClient.Received;
import dev.fountain.broker.testing.RawClient;
import dev.fountain.broker.testing.TestBrokers;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WillMessageTest {

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBrokers.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private RawClient connectWithWill(String clientId, boolean retain, int keepAlive) throws Exception {
        RawClient device = RawClient.open(broker.port());
        device.send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_3_1_1).keepAlive(keepAlive)
                .willFlag(true).willTopic("devices/" + clientId + "/status")
                .willMessage("offline".getBytes(StandardCharsets.UTF_8)).willQoS(MqttQoS.AT_LEAST_ONCE)
                .willRetain(retain).build());
        assertThat(((MqttConnAckMessage) device.receive()).variableHeader().connectReturnCode().byteValue())
                .isZero();
        return device;
    }

    @Test
    void willIsPublishedWhenTheConnectionDropsWithoutDisconnect() throws Exception {
        try (PahoClient watcher = PahoClient.connect(broker.port(), "watcher")) {
            watcher.subscribe("devices/+/status", 1);
            RawClient device = connectWithWill("modem", false, 0);
            device.kill();
            // [MQTT-3.1.2-8]
            Received will = watcher.next();
            assertThat(will.topic()).isEqualTo("devices/modem/status");
            assertThat(will.payload()).isEqualTo("offline");
            assertThat(will.qos()).isEqualTo(1);
        }
    }

    @Test
    void willIsNotPublishedAfterDisconnect() throws Exception {
        try (PahoClient watcher = PahoClient.connect(broker.port(), "watcher")) {
            watcher.subscribe("devices/+/status", 1);
            try (RawClient device = connectWithWill("modem", false, 0)) {
                device.send(MqttMessageBuilders.disconnect().build());
                assertThat(device.closedByBroker()).isTrue();
            }
            // [MQTT-3.1.2-10]
            watcher.expectNothingFor(Duration.ofMillis(500));
        }
    }

    @Test
    void retainedWillIsKeptForLaterSubscribers() throws Exception {
        connectWithWill("modem", true, 0).kill();
        try (PahoClient late = PahoClient.connect(broker.port(), "late")) {
            late.subscribe("devices/modem/status", 1);
            Received will = late.next();
            assertThat(will.payload()).isEqualTo("offline");
            assertThat(will.retained()).isTrue();
        }
    }

    @Test
    void willIsPublishedWhenKeepAliveExpires() throws Exception {
        try (PahoClient watcher = PahoClient.connect(broker.port(), "watcher");
             RawClient silent = connectWithWill("silent", false, 1)) {
            watcher.subscribe("devices/+/status", 1);
            // keep alive 1 s: the broker gives up after 1.5 s without a packet [MQTT-3.1.2-24]
            assertThat(silent.closedByBroker()).isTrue();
            assertThat(watcher.next().topic()).isEqualTo("devices/silent/status");
        }
    }

    @Test
    void pahoWillIsPublishedWhenTheBrokerDropsATakenOverConnection() throws Exception {
        try (PahoClient watcher = PahoClient.connect(broker.port(), "watcher")) {
            watcher.subscribe("wills/#", 1);
            MqttConnectOptions options = PahoClient.options();
            options.setWill("wills/first", "gone".getBytes(StandardCharsets.UTF_8), 1, false);
            try (PahoClient first = PahoClient.connect(broker.port(), "same-id", options);
                 PahoClient second = PahoClient.connect(broker.port(), "same-id")) {
                assertThat(watcher.next().payload()).isEqualTo("gone");
                assertThat(second.isConnected()).isTrue();
            }
        }
    }
}
