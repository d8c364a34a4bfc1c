package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PasswordLines;
import dev.fountain.broker.testing.TestBrokers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessControlTest {

    @TempDir
    Path dir;

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        Path passwords = dir.resolve("passwd");
        Files.write(passwords, List.of(PasswordLines.pbkdf2("app", "pw"), PasswordLines.pbkdf2("admin", "pw")));
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of(
                "# anonymous clients may only read the public topics",
                "topic read public/#",
                "",
                "user app",
                "topic read home/#",
                "topic write home/garden/#",
                "topic deny home/secret",
                "",
                "user admin",
                "topic readwrite #",
                "",
                "pattern readwrite devices/%c/#"));
        broker = TestBrokers.start(config -> config.allowAnonymous(true).passwordFile(passwords).aclFile(acl));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private PahoClient connect(String clientId, String user) throws Exception {
        MqttConnectOptions options = PahoClient.options();
        if (user != null) {
            options.setUserName(user);
            options.setPassword("pw".toCharArray());
        }
        return PahoClient.connect(broker.port(), clientId, options);
    }

    @Test
    void aSubscriptionTheAclCoversWithDenyIsRefused() throws Exception {
        try (PahoClient app = connect("app-1", "app")) {
            assertThat(app.subscribeGranted("home/secret", 1)).isEqualTo(0x80);
            assertThat(app.subscribeGranted("home/garden/+", 1)).isEqualTo(1);
        }
    }

    @Test
    void aSubscriptionNoReadRuleOverlapsIsRefused() throws Exception {
        try (PahoClient app = connect("app-1", "app")) {
            assertThat(app.subscribeGranted("office/#", 1)).isEqualTo(0x80);
        }
    }

    @Test
    void aWildcardSubscriberNeverReceivesADeniedTopic() throws Exception {
        try (PahoClient app = connect("app-1", "app");
             PahoClient admin = connect("admin-1", "admin")) {
            assertThat(app.subscribeGranted("#", 1)).isEqualTo(1);
            admin.publish("home/secret", "pin 1234", 1, false);
            admin.publish("home/garden/fountain/2", "on", 1, false);
            assertThat(app.next().payload()).isEqualTo("on");
            app.expectNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    void aRetainedMessageOnADeniedTopicIsNotSentToANewWildcardSubscriber() throws Exception {
        try (PahoClient admin = connect("admin-1", "admin")) {
            admin.publish("home/secret", "pin 1234", 1, true);
            admin.publish("home/open", "hello", 1, true);
        }
        try (PahoClient app = connect("app-1", "app")) {
            app.subscribe("home/#", 1);
            assertThat(app.next().payload()).isEqualTo("hello");
            app.expectNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    void aPublishTheAclRefusesIsAcknowledgedAndDropped() throws Exception {
        try (PahoClient app = connect("app-1", "app");
             PahoClient admin = connect("admin-1", "admin")) {
            admin.subscribe("#", 1);
            app.publish("home/kitchen/light", "denied write", 1, false);
            app.publish("home/garden/pump", "allowed write", 1, false);
            assertThat(admin.next().payload()).isEqualTo("allowed write");
            admin.expectNothingFor(Duration.ofMillis(300));
            assertThat(app.isConnected()).isTrue();
        }
    }

    @Test
    void patternsGiveEachClientItsOwnTopics() throws Exception {
        try (PahoClient sensor = connect("sensor-9", "app")) {
            assertThat(sensor.subscribeGranted("devices/sensor-9/#", 1)).isEqualTo(1);
            assertThat(sensor.subscribeGranted("devices/sensor-8/#", 1)).isEqualTo(0x80);
            sensor.publish("devices/sensor-9/temp", "21", 1, false);
            assertThat(sensor.next().payload()).isEqualTo("21");
        }
    }

    @Test
    void topicsBeforeTheFirstUserApplyToAnonymousClients() throws Exception {
        try (PahoClient anonymous = connect("guest", null)) {
            assertThat(anonymous.subscribeGranted("public/news", 0)).isEqualTo(0);
            assertThat(anonymous.subscribeGranted("home/#", 0)).isEqualTo(0x80);
        }
    }
}
