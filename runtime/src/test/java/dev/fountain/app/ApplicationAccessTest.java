package dev.fountain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.fountain.app.connector.PublishRefusedException;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.testing.PasswordLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application is an ACL user like any client ({@code fountain.acl-user}): a request cannot make
 * a handler reply where that user may not write, and {@code Publisher} calls are checked the same way.
 */
class ApplicationAccessTest {

    @TempDir
    Path dir;

    private final List<HandlerError> errors = new CopyOnWriteArrayList<>();
    private RunningApp app;
    private Mqtt5BlockingClient admin;

    @BeforeEach
    void start() throws Exception {
        Path passwords = dir.resolve("passwd");
        Files.write(passwords, List.of(PasswordLines.pbkdf2("admin", "pw")));
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of(
                "user app",
                "topic read lights/#",
                "topic write replies/app/#",
                "",
                "user admin",
                "topic readwrite #"));
        RouteTable table = () -> List.of(Route.subscribe(Object.class, "set", "lights/+/set", 1, null,
                (handler, message) -> message.wildcard(0) + " light " + message.payloadString())
                .publishing("replies/app/lights", 1, false));
        app = Fountain.builder()
                .broker(broker -> broker.configure(config -> config.listener(Listener.mqtt(0, "127.0.0.1"))
                        .passwordFile(passwords).aclFile(acl)))
                .property("fountain.acl-user", "app")
                .overrideWith(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(ErrorHandler.class).toInstance(errors::add);
                    }
                })
                .routeTables(table).start();
        admin = MqttClient.builder().useMqttVersion5().identifier("admin-1").serverHost("127.0.0.1")
                .serverPort(app.port()).simpleAuth().username("admin")
                .password("pw".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
        admin.connect();
    }

    @AfterEach
    void stop() {
        admin.disconnect();
        app.close();
    }

    private void request(String room, String responseTopic) {
        admin.publishWith().topic("lights/" + room + "/set").qos(MqttQos.AT_LEAST_ONCE)
                .payload("on".getBytes(StandardCharsets.UTF_8)).responseTopic(responseTopic)
                .correlationData(room.getBytes(StandardCharsets.UTF_8)).send();
    }

    @Test
    void aReplyToAResponseTopicTheApplicationMayNotWriteIsRefusedAndReported() throws Exception {
        try (var replies = admin.publishes(MqttGlobalPublishFilter.ALL)) {
            admin.subscribeWith().topicFilter("admin/commands").qos(MqttQos.AT_LEAST_ONCE).send();
            admin.subscribeWith().topicFilter("replies/app/#").qos(MqttQos.AT_LEAST_ONCE).send();
            request("cellar", "admin/commands");
            request("hall", "replies/app/admin-1");

            Mqtt5Publish reply = replies.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(reply.getTopic().toString()).isEqualTo("replies/app/admin-1");
            assertThat(new String(reply.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hall light on");
            await().atMost(Duration.ofSeconds(5)).until(() -> !errors.isEmpty());
            assertThat(errors.get(0).topic()).isEqualTo("lights/cellar/set");
            assertThat(errors.get(0).cause()).isInstanceOf(PublishRefusedException.class)
                    .hasMessageContaining("(user app) publish to 'admin/commands'");
        }
    }

    @Test
    void aPublisherCallWhereTheApplicationMayNotWriteThrows() {
        Publisher publisher = app.injector().getInstance(Publisher.class);
        assertThatThrownBy(() -> publisher.publish("admin/commands", "reboot"))
                .isInstanceOf(PublishRefusedException.class);
        publisher.publish("replies/app/news", "fine");
    }
}
