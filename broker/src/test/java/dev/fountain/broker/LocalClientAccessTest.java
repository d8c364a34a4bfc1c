package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.local.Delivery;
import dev.fountain.broker.local.LocalClient;
import dev.fountain.broker.local.Metadata;
import dev.fountain.broker.local.NotAuthorisedException;
import dev.fountain.broker.local.Receiver;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PahoClient.Received;
import dev.fountain.broker.testing.PasswordLines;
import dev.fountain.broker.testing.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-process clients have an identity for the ACL and are held to it like network clients: what
 * they may publish, subscribe to and receive. Forbidden messages are followed by a sentinel that
 * must arrive first, so no test waits for a time window to pass.
 */
class LocalClientAccessTest {

    @TempDir
    Path dir;

    private Broker broker;

    /** Topics a local client received, in order. */
    static final class Recorder implements Receiver {
        final List<String> topics = new CopyOnWriteArrayList<>();

        @Override
        public void receive(Delivery delivery) {
            topics.add(delivery.topic());
            delivery.done();
        }

        @Override
        public boolean ready() {
            return true;
        }
    }

    @BeforeEach
    void startBroker() throws Exception {
        Path passwords = dir.resolve("passwd");
        Files.write(passwords, List.of(PasswordLines.pbkdf2("admin", "pw")));
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of(
                "topic read public/#",
                "",
                "user app",
                "topic read requests/#",
                "topic deny requests/admin",
                "topic write replies/app/#",
                "",
                "user admin",
                "topic readwrite #",
                "",
                "pattern write devices/%c/#"));
        broker = TestBrokers.start(config -> config.allowAnonymous(true).passwordFile(passwords).aclFile(acl));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private PahoClient admin() throws Exception {
        MqttConnectOptions options = PahoClient.options();
        options.setUserName("admin");
        options.setPassword("pw".toCharArray());
        return PahoClient.connect(broker.port(), "admin-1", options);
    }

    private static void publish(LocalClient client, String topic) {
        client.publish(topic, topic.getBytes(StandardCharsets.UTF_8), 1, false, Metadata.NONE);
    }

    @Test
    void aLocalClientPublishesOnlyWhereItsUserMayWrite() throws Exception {
        try (PahoClient admin = admin();
             LocalClient app = broker.localClient("fountain/replier", "app", new Recorder())) {
            admin.subscribe("#", 1);
            publish(app, "replies/app/1");
            assertThatThrownBy(() -> publish(app, "replies/other"))
                    .isInstanceOf(NotAuthorisedException.class)
                    .hasMessageContaining("in-process client fountain/replier (user app)")
                    .hasMessageContaining("'replies/other'");
            publish(app, "replies/app/sentinel");
            assertThat(admin.next().topic()).isEqualTo("replies/app/1");
            assertThat(admin.next().topic()).isEqualTo("replies/app/sentinel");
        }
    }

    @Test
    void aLocalClientSubscribesAndReceivesOnlyWhatItsUserMayRead() throws Exception {
        Recorder recorder = new Recorder();
        try (PahoClient admin = admin();
             LocalClient app = broker.localClient("fountain/reader", "app", recorder)) {
            assertThatThrownBy(() -> app.subscribe("admin/#", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the ACL does not let in-process client fountain/reader (user app) read it");
            app.subscribe("requests/#", 1).join();
            admin.publish("requests/admin", "denied", 1, false);
            admin.publish("requests/lights", "sentinel", 1, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> !recorder.topics.isEmpty());
            assertThat(recorder.topics).containsExactly("requests/lights");
        }
    }

    @Test
    void anAnonymousLocalClientHasTheAnonymousRules() throws Exception {
        try (LocalClient anonymous = broker.localClient("fountain/anonymous", new Recorder())) {
            assertThatThrownBy(() -> anonymous.subscribe("requests/#", 1)).isInstanceOf(IllegalArgumentException.class);
            anonymous.subscribe("public/#", 1).join();
            assertThatThrownBy(() -> publish(anonymous, "public/news")).isInstanceOf(NotAuthorisedException.class);
        }
    }

    @Test
    void patternsSeeTheLocalClientsIdAndUser() throws Exception {
        try (PahoClient admin = admin();
             LocalClient sensor = broker.localClient("sensor-1", "app", new Recorder())) {
            admin.subscribe("devices/#", 1);
            assertThatThrownBy(() -> publish(sensor, "devices/sensor-2/temperature"))
                    .isInstanceOf(NotAuthorisedException.class);
            publish(sensor, "devices/sensor-1/temperature");
            Received received = admin.next();
            assertThat(received.topic()).isEqualTo("devices/sensor-1/temperature");
        }
    }
}
