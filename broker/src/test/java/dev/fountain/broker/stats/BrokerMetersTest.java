package dev.fountain.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.fountain.broker.Broker;
import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PasswordLines;
import dev.fountain.broker.testing.PrometheusScrape;
import dev.fountain.broker.testing.RawClient;
import dev.fountain.broker.testing.TestBrokers;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every broker meter moved by real clients over real sockets, read back as a Prometheus server
 * reads it: one scrape of {@code /metrics} per test, parsed strictly ({@link PrometheusScrape}).
 * Awaitility waits on the broker's own counters first, so the scrape sees a settled state.
 */
class BrokerMetersTest {

    @TempDir
    Path dir;

    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** A broker with an http_dir WebSocket listener for /metrics and no $SYS, whose retained messages would count. */
    private void start(Consumer<BrokerConfig.Builder> settings) throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        broker = TestBrokers.start(config -> {
            config.listener(Listener.websockets(0, "127.0.0.1").withHttpDir(www)).sysInterval(0);
            settings.accept(config);
        });
    }

    private PrometheusScrape scrape() throws Exception {
        return PrometheusScrape.of(broker.port(Listener.Protocol.WEBSOCKETS));
    }

    private void awaitValue(Meter meter, long value) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(broker.stats().value(meter))
                .as(meter.name()).isEqualTo(value));
    }

    @Test
    void connectionsSessionsSubscriptionsAndMessagesMoveWithClients() throws Exception {
        start(config -> { });
        MqttConnectOptions persistent = PahoClient.options();
        persistent.setCleanSession(false);
        try (PahoClient keeper = PahoClient.connect(broker.port(), "keeper", persistent)) {
            keeper.subscribe("elsewhere/#", 1);
            keeper.disconnect();
        }
        try (PahoClient subscriber = PahoClient.connect(broker.port(), "subscriber").subscribe("meters/#", 2);
             PahoClient publisher = PahoClient.connect(broker.port(), "publisher")) {
            for (int i = 0; i < 3; i++) {
                publisher.publish("meters/a", "zero " + i, 0, false);
            }
            publisher.publish("meters/b", "one", 1, false);
            publisher.publish("meters/retained", "kept", 1, true);
            publisher.publish("meters/c", "two", 2, false);
            subscriber.awaitCount(6);
            awaitValue(Meter.SENT_QOS2, 1);
            awaitValue(Meter.IN_FLIGHT, 0);

            PrometheusScrape scrape = scrape();
            assertThat(scrape.value("fountain_connections_opened_total")).isEqualTo(3);
            assertThat(scrape.value("fountain_connections_active")).isEqualTo(2);
            assertThat(scrape.value("fountain_clients_connected")).isEqualTo(2);
            assertThat(scrape.value("fountain_sessions")).isEqualTo(3);
            assertThat(scrape.value("fountain_sessions_persistent")).isEqualTo(1);
            assertThat(scrape.value("fountain_subscriptions")).isEqualTo(2);
            assertThat(scrape.value("fountain_retained_messages")).isEqualTo(1);
            assertThat(scrape.value("fountain_messages_received_total", "qos", "0")).isEqualTo(3);
            assertThat(scrape.value("fountain_messages_received_total", "qos", "1")).isEqualTo(2);
            assertThat(scrape.value("fountain_messages_received_total", "qos", "2")).isEqualTo(1);
            assertThat(scrape.value("fountain_messages_sent_total", "qos", "0")).isEqualTo(3);
            assertThat(scrape.value("fountain_messages_sent_total", "qos", "1")).isEqualTo(2);
            assertThat(scrape.value("fountain_messages_sent_total", "qos", "2")).isEqualTo(1);
            assertThat(scrape.value("fountain_messages_inflight")).isZero();
            assertThat(scrape.value("fountain_messages_queued")).isZero();
            // Three CONNECTs, two SUBSCRIBEs, one DISCONNECT, six PUBLISHes, PUBREL and PUBACK/PUBREC/PUBCOMP.
            assertThat(scrape.value("fountain_packets_received_total")).isGreaterThanOrEqualTo(3 + 2 + 1 + 6 + 4);
            assertThat(scrape.value("fountain_packets_sent_total")).isGreaterThanOrEqualTo(3 + 2 + 6 + 4);
            // Each PUBLISH carried at least its topic and payload both ways.
            assertThat(scrape.value("fountain_bytes_received_total")).isGreaterThan(6 * 10);
            assertThat(scrape.value("fountain_bytes_sent_total")).isGreaterThan(6 * 10);
            assertThat(scrape.types()).containsEntry("fountain_messages_received_total", "counter")
                    .containsEntry("fountain_subscriptions", "gauge");
            assertThat(scrape.contentType()).startsWith("text/plain; version=0.0.4");
        }
    }

    @Test
    void droppedMessagesAreCountedByReason() throws Exception {
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of("topic readwrite meters/#", "topic read closed/#"));
        start(config -> config.aclFile(acl).messageSizeLimit(250).memoryLimit(300).maxQueuedMessages(1));
        MqttConnectOptions persistent = PahoClient.options();
        persistent.setCleanSession(false);
        try (PahoClient away = PahoClient.connect(broker.port(), "away", persistent)) {
            away.subscribe("meters/queue/#", 1);
            away.subscribe("meters/expiry/#", 1);
            away.disconnect();
        }
        Mqtt5BlockingClient v5 = MqttClient.builder().useMqttVersion5().identifier("v5").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        v5.connect();
        try (PahoClient publisher = PahoClient.connect(broker.port(), "publisher")) {
            publisher.publish("closed/door", "denied", 1, false);
            awaitValue(Meter.DROPPED_ACL, 1);
            publisher.publish("meters/large", "x".repeat(251), 1, false);
            awaitValue(Meter.DROPPED_TOO_LARGE, 1);
            publisher.publish("meters/held/1", "a".repeat(120), 1, true);
            publisher.publish("meters/held/2", "b".repeat(120), 1, true);
            publisher.publish("meters/held/3", "c".repeat(120), 1, true);
            awaitValue(Meter.DROPPED_MEMORY_LIMIT, 1);

            v5.publishWith().topic("meters/expiry/1").qos(MqttQos.AT_LEAST_ONCE).payload("soon gone".getBytes())
                    .messageExpiryInterval(1).send();
            awaitValue(Meter.QUEUED, 1);
            publisher.publish("meters/queue/1", "waits", 1, false);
            publisher.publish("meters/queue/2", "dropped", 1, false);
            awaitValue(Meter.DROPPED_QUEUE_FULL, 2);
        }
        v5.disconnect();
        // The queued message expires in its own time: one second, as it was published with.
        await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
        try (PahoClient back = PahoClient.create(broker.port(), "away")) {
            back.paho().connect(persistent);
            awaitValue(Meter.DROPPED_EXPIRED, 1);
            awaitValue(Meter.QUEUED, 0);
        }

        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("fountain_messages_dropped_total", "reason", "acl")).isEqualTo(1);
        assertThat(scrape.value("fountain_messages_dropped_total", "reason", "too_large")).isEqualTo(1);
        assertThat(scrape.value("fountain_messages_dropped_total", "reason", "memory_limit")).isEqualTo(1);
        assertThat(scrape.value("fountain_messages_dropped_total", "reason", "queue_full")).isEqualTo(2);
        assertThat(scrape.value("fountain_messages_dropped_total", "reason", "expired")).isEqualTo(1);
        assertThat(scrape.value("fountain_messages_queued")).isZero();
    }

    @Test
    void inFlightCountsWhatAClientHasNotAcknowledged() throws Exception {
        start(config -> { });
        // A raw client never acknowledges what it gets: both messages stay in flight.
        try (RawClient raw = RawClient.connect(broker.port(), "silent")) {
            raw.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "meters/#")
                    .build());
            raw.receive();
            try (PahoClient publisher = PahoClient.connect(broker.port(), "publisher")) {
                publisher.publish("meters/1", "one", 1, false);
                publisher.publish("meters/2", "two", 1, false);
            }
            awaitValue(Meter.IN_FLIGHT, 2);
            assertThat(scrape().value("fountain_messages_inflight")).isEqualTo(2);
        }
    }

    @Test
    void refusedConnectionsAreCountedByReason() throws Exception {
        Path passwords = dir.resolve("passwd");
        Files.write(passwords, List.of(PasswordLines.pbkdf2("app", "pw")));
        start(config -> config.allowAnonymous(false).passwordFile(passwords).maxConnections(1));
        MqttConnectOptions app = PahoClient.options();
        app.setUserName("app");
        app.setPassword("pw".toCharArray());
        try (PahoClient held = PahoClient.connect(broker.port(), "held", app)) {
            assertThatThrownBy(() -> PahoClient.connect(broker.port(), "one-too-many", app))
                    .isInstanceOf(MqttException.class);
            awaitValue(Meter.REFUSED_MAX_CONNECTIONS, 1);
        }
        awaitValue(Meter.CLIENTS_CONNECTED, 0);
        assertThatThrownBy(() -> PahoClient.connect(broker.port(), "anonymous")).isInstanceOf(MqttException.class);
        MqttConnectOptions wrong = PahoClient.options();
        wrong.setUserName("app");
        wrong.setPassword("wrong".toCharArray());
        assertThatThrownBy(() -> PahoClient.connect(broker.port(), "guesser", wrong))
                .isInstanceOf(MqttException.class);

        PrometheusScrape scrape = scrape();
        assertThat(scrape.value("fountain_connections_refused_total", "reason", "max_connections")).isEqualTo(1);
        assertThat(scrape.value("fountain_connections_refused_total", "reason", "not_authorized")).isEqualTo(1);
        assertThat(scrape.value("fountain_connections_refused_total", "reason", "bad_user_name_or_password"))
                .isEqualTo(1);
        assertThat(scrape.value("fountain_connections_opened_total")).isEqualTo(4);
    }
}
