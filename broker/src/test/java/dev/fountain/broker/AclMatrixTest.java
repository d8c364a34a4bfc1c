package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PahoClient.Received;
import dev.fountain.broker.testing.PasswordLines;
import dev.fountain.broker.testing.TestBrokers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users, anonymous clients, {@code %c} and {@code %u} patterns, deny lines and shared groups
 * against one ACL: every reader gets exactly what it may read (nothing unauthorised delivered,
 * nothing authorised lost), and every write is exactly what the writer may write. The expected
 * tables are worked out by hand from the ACL's lines. Each reader's last message is a sentinel
 * published after everything else, so no assertion waits for a time window.
 */
class AclMatrixTest {

    private static final List<String> TOPICS = List.of("public/news", "home/alice/x", "home/shared/x",
            "home/shared/secret", "home/bob/x", "devices/alice-phone/t", "devices/bob-laptop/t", "users/alice/t",
            "users/bob/t");

    @TempDir
    Path dir;

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        Path passwords = dir.resolve("passwd");
        Files.write(passwords, List.of(PasswordLines.pbkdf2("alice", "pw"), PasswordLines.pbkdf2("bob", "pw"),
                PasswordLines.pbkdf2("admin", "pw")));
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of(
                "topic read public/#",
                "",
                "user alice",
                "topic readwrite home/alice/#",
                "topic read home/shared/#",
                "topic deny home/shared/secret",
                "",
                "user bob",
                "topic write home/shared/#",
                "topic read home/bob/#",
                "",
                "user admin",
                "topic readwrite #",
                "",
                "pattern readwrite devices/%c/#",
                "pattern read users/%u/#"));
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

    private static Set<String> topicsOf(PahoClient client, String sentinel) {
        await().atMost(Duration.ofSeconds(10)).until(() -> client.all().stream().anyMatch(r -> r.topic().equals(sentinel)));
        return client.all().stream().map(Received::topic).filter(t -> !t.equals(sentinel)).collect(Collectors.toSet());
    }

    @Test
    void everyReaderGetsExactlyWhatItMayRead() throws Exception {
        Map<String, Set<String>> mayRead = Map.of(
                "alice", Set.of("home/alice/x", "home/shared/x", "devices/alice-phone/t", "users/alice/t"),
                "bob", Set.of("home/bob/x", "devices/bob-laptop/t", "users/bob/t"),
                "anonymous", Set.of("public/news"));
        try (PahoClient admin = connect("admin-1", "admin");
             PahoClient alice = connect("alice-phone", "alice");
             PahoClient bob = connect("bob-laptop", "bob");
             PahoClient anonymous = connect("anon-1", null)) {
            for (PahoClient reader : List.of(alice, bob, anonymous)) {
                reader.subscribe("#", 1);
            }
            for (String topic : TOPICS) {
                admin.publish(topic, "from admin", 1, false);
            }
            admin.publish("home/alice/sentinel", "", 1, false);
            admin.publish("home/bob/sentinel", "", 1, false);
            admin.publish("public/sentinel", "", 1, false);
            assertThat(topicsOf(alice, "home/alice/sentinel")).isEqualTo(mayRead.get("alice"));
            assertThat(topicsOf(bob, "home/bob/sentinel")).isEqualTo(mayRead.get("bob"));
            assertThat(topicsOf(anonymous, "public/sentinel")).isEqualTo(mayRead.get("anonymous"));
        }
    }

    @Test
    void everyWriteIsExactlyWhatTheWriterMayWrite() throws Exception {
        Map<String, Set<String>> mayWrite = Map.of(
                "alice", Set.of("home/alice/x", "devices/alice-phone/t"),
                "bob", Set.of("home/shared/x", "home/shared/secret", "devices/bob-laptop/t"));
        try (PahoClient admin = connect("admin-1", "admin");
             PahoClient alice = connect("alice-phone", "alice");
             PahoClient bob = connect("bob-laptop", "bob")) {
            admin.subscribe("#", 1);
            for (Map.Entry<String, PahoClient> writer : Map.of("alice", alice, "bob", bob).entrySet()) {
                for (String topic : TOPICS) {
                    writer.getValue().publish(topic, "from " + writer.getKey(), 1, false);
                }
                String sentinel = writer.getKey().equals("alice") ? "home/alice/done" : "home/shared/done";
                writer.getValue().publish(sentinel, "", 1, false);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> admin.all().stream().anyMatch(r -> r.topic().equals(sentinel)));
                Set<String> written = admin.all().stream().filter(r -> r.payload().equals("from " + writer.getKey()))
                        .map(Received::topic).collect(Collectors.toSet());
                assertThat(written).as("what %s wrote", writer.getKey()).isEqualTo(mayWrite.get(writer.getKey()));
            }
        }
    }

    @Test
    void aSharedGroupOfReadersWithDifferentRightsLosesNothingAndLeaksNothing() throws Exception {
        try (PahoClient admin = connect("admin-1", "admin");
             PahoClient alice = connect("alice-phone", "alice");
             PahoClient bob = connect("bob-laptop", "bob")) {
            alice.subscribe("$share/family/home/#", 1);
            bob.subscribe("$share/family/home/#", 1);
            for (int i = 0; i < 20; i++) {
                admin.publish("home/alice/" + i, "a", 1, false);
                admin.publish("home/bob/" + i, "b", 1, false);
                admin.publish("home/shared/secret", "s", 1, false);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.all().size() >= 20 && bob.all().size() >= 20);
            admin.publish("home/alice/sentinel", "", 1, false);
            admin.publish("home/bob/sentinel", "", 1, false);
            assertThat(topicsOf(alice, "home/alice/sentinel")).hasSize(20).allMatch(t -> t.startsWith("home/alice/"));
            assertThat(topicsOf(bob, "home/bob/sentinel")).hasSize(20).allMatch(t -> t.startsWith("home/bob/"));
        }
    }
}
