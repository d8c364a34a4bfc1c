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
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared group gives each message to one member that may read it: a member the ACL hides a topic
 * from neither receives it nor costs the group the message, also when a leaving member's messages
 * go to another.
 */
class SharedSubscriptionAccessTest {

    @TempDir
    Path dir;

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        Path passwords = dir.resolve("passwd");
        Files.write(passwords, List.of(PasswordLines.pbkdf2("worker", "pw"), PasswordLines.pbkdf2("intern", "pw"),
                PasswordLines.pbkdf2("boss", "pw")));
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of(
                "user worker",
                "topic read jobs/#",
                "",
                "user intern",
                "topic read jobs/public/#",
                "",
                "user boss",
                "topic write jobs/#"));
        broker = TestBrokers.start(config -> config.passwordFile(passwords).aclFile(acl));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private PahoClient connect(String clientId, String user, boolean cleanSession) throws Exception {
        MqttConnectOptions options = PahoClient.options();
        options.setUserName(user);
        options.setPassword("pw".toCharArray());
        options.setCleanSession(cleanSession);
        return PahoClient.connect(broker.port(), clientId, options);
    }

    @Test
    void aMessageOnlyOneMemberMayReadAlwaysReachesThatMember() throws Exception {
        try (PahoClient worker = connect("worker-1", "worker", true);
             PahoClient intern = connect("intern-1", "intern", true);
             PahoClient boss = connect("boss-1", "boss", true)) {
            worker.subscribe("$share/team/jobs/#", 1);
            intern.subscribe("$share/team/jobs/#", 1);
            for (int i = 0; i < 10; i++) {
                boss.publish("jobs/secret/" + i, "secret " + i, 1, false);
            }
            for (int i = 0; i < 10; i++) {
                boss.publish("jobs/public/" + i, "public " + i, 1, false);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> worker.all().size() + intern.all().size() == 20);
            assertThat(worker.all()).filteredOn(r -> r.topic().startsWith("jobs/secret/")).hasSize(10);
            assertThat(intern.all()).extracting(Received::topic).allMatch(t -> t.startsWith("jobs/public/"));
            assertThat(intern.all()).as("the intern takes turns on what it may read").isNotEmpty();
        }
    }

    @Test
    void aLeavingMembersMessagesGoOnlyToAMemberThatMayReadThem() throws Exception {
        try (PahoClient boss = connect("boss-1", "boss", true)) {
            PahoClient worker = connect("worker-1", "worker", true);
            worker.subscribe("$share/team/jobs/#", 1);
            // The worker stops acknowledging, so its messages stay in flight.
            worker.paho().setManualAcks(true);
            for (int i = 0; i < 4; i++) {
                boss.publish("jobs/secret/" + i, "secret " + i, 1, false);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> worker.all().size() == 4);
            PahoClient intern = connect("intern-1", "intern", true);
            intern.subscribe("$share/team/jobs/#", 1);
            // The worker leaves with four messages unacknowledged; none is the intern's to read.
            worker.paho().disconnectForcibly(0, 0, false);
            worker.close();
            boss.publish("jobs/public/sentinel", "sentinel", 1, false);
            assertThat(intern.next().topic()).isEqualTo("jobs/public/sentinel");
            assertThat(intern.all()).extracting(Received::topic).containsExactly("jobs/public/sentinel");
            intern.close();
        }
    }
}
