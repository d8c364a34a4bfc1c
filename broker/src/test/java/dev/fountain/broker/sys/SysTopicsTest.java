package dev.fountain.broker.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PasswordLines;
import dev.fountain.broker.testing.TestBrokers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code $SYS/broker/...} topics against what clients did and saw. */
class SysTopicsTest {

    @TempDir
    Path dir;

    private Broker broker;

    @AfterEach
    void stop() {
        broker.close();
    }

    /** The latest value of every $SYS topic {@code client} received. */
    private static Map<String, String> latest(PahoClient client) {
        Map<String, String> values = new HashMap<>();
        client.all().forEach(message -> values.put(message.topic(), message.payload()));
        return values;
    }

    private static void awaitValue(PahoClient client, String topic, String value) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(latest(client))
                .containsEntry("$SYS/broker/" + topic, value));
    }

    @Test
    void theTreeCarriesWhatClientsDidUnderMosquittosNames() throws Exception {
        broker = TestBrokers.start(config -> config.sysInterval(1));
        try (PahoClient watcher = PahoClient.connect(broker.port(), "watcher").subscribe("$SYS/broker/#", 0);
             PahoClient publisher = PahoClient.connect(broker.port(), "publisher");
             PahoClient other = PahoClient.connect(broker.port(), "other")) {
            for (int i = 0; i < 5; i++) {
                publisher.publish("things/" + i, "payload " + i, 1, i < 2);
            }
            awaitValue(watcher, "publish/messages/received", "5");
            awaitValue(watcher, "clients/connected", "3");
            awaitValue(watcher, "subscriptions/count", "1");
            Map<String, String> seen = latest(watcher);
            assertThat(seen.get("$SYS/broker/version")).isEqualTo("fountain version " + Broker.VERSION);
            assertThat(seen.get("$SYS/broker/uptime")).matches("\\d+ seconds");
            // messages/... counts packets of every type, publish/... PUBLISH only, as in Mosquitto.
            assertThat(Long.parseLong(seen.get("$SYS/broker/messages/received"))).isGreaterThan(5 + 3);
            assertThat(Long.parseLong(seen.get("$SYS/broker/bytes/received"))).isGreaterThan(5 * 10);
            assertThat(seen.get("$SYS/broker/clients/total")).isEqualTo("3");
            assertThat(seen).containsKeys("$SYS/broker/load/messages/received/1min",
                    "$SYS/broker/load/publish/received/15min", "$SYS/broker/load/bytes/sent/5min",
                    "$SYS/broker/publish/messages/sent", "$SYS/broker/clients/maximum");
            await().atMost(Duration.ofSeconds(10)).until(() -> Double.parseDouble(
                    latest(watcher).get("$SYS/broker/load/publish/received/1min")) > 0);

            // The retained count is what a client subscribing to everything gets as retained: two of
            // the publisher's and the $SYS topics themselves, as in Mosquitto.
            try (PahoClient late = PahoClient.connect(broker.port(), "late")) {
                late.subscribe("#", 0).subscribe("$SYS/#", 0);
                publisher.publish("things/sentinel", "last", 0, false);
                await().atMost(Duration.ofSeconds(10)).until(() -> late.all().stream()
                        .anyMatch(message -> message.topic().equals("things/sentinel")));
                long retained = late.all().stream().takeWhile(message -> !message.topic().equals("things/sentinel"))
                        .filter(PahoClient.Received::retained).count();
                assertThat(retained).isEqualTo(2 + seen.keySet().size());
                assertThat(late.all().stream().filter(PahoClient.Received::retained)
                        .filter(message -> message.topic().equals("$SYS/broker/retained messages/count"))
                        .findFirst().orElseThrow().payload()).isEqualTo(Long.toString(retained));
            }
        }
    }

    @Test
    void theAclDecidesWhoReadsSys() throws Exception {
        Path passwords = dir.resolve("passwd");
        Files.write(passwords, List.of(PasswordLines.pbkdf2("admin", "pw"), PasswordLines.pbkdf2("reader", "pw")));
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of("topic readwrite public/#", "", "user admin", "topic read $SYS/#", "",
                "user reader", "topic read #"));
        // Anonymous clients may write public/#: the sentinel below comes from one.
        broker = TestBrokers.start(config -> config.sysInterval(1).passwordFile(passwords).aclFile(acl));
        try (PahoClient admin = PahoClient.connect(broker.port(), "admin", login("admin"));
             PahoClient reader = PahoClient.connect(broker.port(), "reader", login("reader"));
             PahoClient anonymous = PahoClient.connect(broker.port(), "anonymous")) {
            assertThat(admin.subscribeGranted("$SYS/broker/version", 0)).isZero();
            assertThat(admin.next().payload()).startsWith("fountain version ");
            assertThat(anonymous.subscribeGranted("$SYS/#", 0)).isEqualTo(0x80);
            // A read rule for # does not reach $SYS, as # never matches a topic starting with $
            // [MQTT-4.7.2-1]; Mosquitto's ACL reads it the same way.
            assertThat(reader.subscribeGranted("$SYS/#", 0)).isEqualTo(0x80);
            reader.subscribe("#", 0);
            anonymous.publish("public/sentinel", "after", 0, false);
            assertThat(reader.next().topic()).isEqualTo("public/sentinel");
        }
    }

    @Test
    void sysIntervalZeroPublishesNothing() throws Exception {
        broker = TestBrokers.start(config -> config.sysInterval(0));
        try (PahoClient client = PahoClient.connect(broker.port(), "client")) {
            client.subscribe("$SYS/#", 0);
            client.publish("$SYS/sentinel", "only this", 0, false);
            assertThat(client.next().topic()).isEqualTo("$SYS/sentinel");
            assertThat(broker.retainedCount()).isZero();
        }
    }

    private static MqttConnectOptions login(String user) {
        MqttConnectOptions options = PahoClient.options();
        options.setUserName(user);
        options.setPassword("pw".toCharArray());
        return options;
    }
}
