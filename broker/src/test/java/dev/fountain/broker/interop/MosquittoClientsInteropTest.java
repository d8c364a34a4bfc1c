package dev.fountain.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.testing.Programs;
import dev.fountain.broker.testing.Programs.Result;
import dev.fountain.broker.testing.Programs.Running;
import dev.fountain.broker.testing.TestBrokers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Mosquitto guide's steps with Debian's own mosquitto_pub and mosquitto_sub against our
 * broker: what a user coming from Mosquitto types first.
 */
@Tag("interop")
class MosquittoClientsInteropTest {

    @TempDir
    Path dir;

    private Broker broker;

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private String port() {
        return Integer.toString(broker.port());
    }

    /** mosquitto_sub in the background, waited for until its subscriptions exist. */
    private Running subscribe(int subscriptions, String... args) {
        int before = broker.subscriptionCount();
        String[] command = new String[args.length + 3];
        command[0] = "mosquitto_sub";
        command[1] = "-p";
        command[2] = port();
        System.arraycopy(args, 0, command, 3, args.length);
        Running sub = Programs.start(command);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.subscriptionCount() >= before + subscriptions);
        return sub;
    }

    private Result publish(String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = "mosquitto_pub";
        command[1] = "-p";
        command[2] = port();
        System.arraycopy(args, 0, command, 3, args.length);
        return Programs.run(command);
    }

    @Test
    void helloWorldAtQos2RoundTrips() throws Exception {
        broker = TestBrokers.start();
        try (Running sub = subscribe(1, "-t", "home/garden/fountain/2", "-q", "2", "-C", "1", "-W", "10")) {
            assertThat(publish("-t", "home/garden/fountain/2", "-m", "hello world", "-q", "2").exitCode()).isZero();
            Result received = sub.await(Duration.ofSeconds(10));
            assertThat(received.stdout()).isEqualTo("hello world\n");
        }
    }

    @Test
    void wildcardSubscriptionReceivesMatchingTopicsOnly() throws Exception {
        broker = TestBrokers.start();
        try (Running sub = subscribe(1, "-t", "home/garden/+/2", "-v", "-C", "2", "-W", "10")) {
            publish("-t", "home/garden/fountain/2", "-m", "a");
            publish("-t", "home/kitchen/fountain/2", "-m", "not me");
            publish("-t", "home/garden/pond/2", "-m", "b");
            assertThat(sub.await(Duration.ofSeconds(10)).stdout())
                    .isEqualTo("home/garden/fountain/2 a\nhome/garden/pond/2 b\n");
        }
    }

    @Test
    void retainedMessageReachesALateSubscriber() throws Exception {
        broker = TestBrokers.start();
        publish("-t", "home/garden/fountain/2", "-m", "on", "-r", "-q", "1");
        Result late = Programs.run("mosquitto_sub", "-p", port(), "-t", "home/#", "-v", "-C", "1", "-W", "10");
        assertThat(late.stdout()).isEqualTo("home/garden/fountain/2 on\n");
    }

    @Test
    void willIsPublishedWhenAClientIsKilled() throws Exception {
        broker = TestBrokers.start();
        try (Running watcher = subscribe(1, "-t", "devices/+/status", "-v", "-C", "1", "-W", "15")) {
            Running device = subscribe(1, "-i", "modem", "-t", "devices/modem/cmd", "--will-topic",
                    "devices/modem/status", "--will-payload", "offline", "--will-qos", "1");
            device.kill();
            assertThat(watcher.await(Duration.ofSeconds(15)).stdout()).isEqualTo("devices/modem/status offline\n");
        }
    }

    @Test
    void persistentSessionGetsWhatWasPublishedWhileAway() throws Exception {
        broker = TestBrokers.start();
        subscribe(1, "-i", "display", "-c", "-q", "1", "-t", "home/garden/#").kill();
        await().until(() -> broker.sessionCount() == 1);
        publish("-t", "home/garden/fountain/2", "-m", "while away", "-q", "1");
        Result back = Programs.run("mosquitto_sub", "-p", port(), "-i", "display", "-c", "-q", "1", "-t",
                "home/garden/#", "-C", "1", "-W", "10");
        assertThat(back.stdout()).isEqualTo("while away\n");
    }

    @Test
    void aPasswordFileMadeByMosquittoPasswdWorksUnchanged() throws Exception {
        Path passwords = dir.resolve("passwd");
        assertThat(Programs.run("mosquitto_passwd", "-c", "-b", passwords.toString(), "modem", "s3cret").exitCode())
                .isZero();
        broker = TestBrokers.start(config -> config.allowAnonymous(false).passwordFile(passwords));
        assertThat(publish("-u", "modem", "-P", "s3cret", "-t", "t", "-m", "x").exitCode()).isZero();
        Result wrong = publish("-u", "modem", "-P", "guess", "-t", "t", "-m", "x");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr()).contains("bad user name or password");
    }

    @Test
    void aClientThatIsNotAllowedIsRefusedWithNotAuthorised() throws Exception {
        Path passwords = dir.resolve("passwd");
        Programs.run("mosquitto_passwd", "-c", "-b", passwords.toString(), "modem", "s3cret");
        broker = TestBrokers.start(config -> config.allowAnonymous(false).passwordFile(passwords));
        // the CAT-1 modem's +ECMTCON:0,0,5
        Result anonymous = publish("-t", "t", "-m", "x");
        assertThat(anonymous.exitCode()).isEqualTo(5);
        assertThat(anonymous.stderr()).contains("Connection Refused: not authorised.");
    }

    @Test
    void theAclRefusesOneSubscriptionAndHidesOneTopicFromAHashSubscriber() throws Exception {
        Path passwords = dir.resolve("passwd");
        Programs.run("mosquitto_passwd", "-c", "-b", passwords.toString(), "app", "pw");
        Programs.run("mosquitto_passwd", "-b", passwords.toString(), "admin", "pw");
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of("user app", "topic read home/#", "topic deny home/secret",
                "user admin", "topic readwrite #"));
        broker = TestBrokers.start(config -> config.allowAnonymous(false).passwordFile(passwords).aclFile(acl));

        Result refused = Programs.run("mosquitto_sub", "-p", port(), "-u", "app", "-P", "pw", "-t", "home/secret",
                "-C", "1", "-W", "5");
        assertThat(refused.stderr()).contains("All subscription requests were denied.");

        try (Running everything = subscribe(1, "-u", "app", "-P", "pw", "-t", "#", "-v", "-C", "1", "-W", "10")) {
            publish("-u", "admin", "-P", "pw", "-t", "home/secret", "-m", "pin 1234");
            publish("-u", "admin", "-P", "pw", "-t", "home/garden/fountain/2", "-m", "on");
            assertThat(everything.await(Duration.ofSeconds(10)).stdout()).isEqualTo("home/garden/fountain/2 on\n");
        }
    }

    @Test
    void mqtt31ClientsAreServed() throws Exception {
        broker = TestBrokers.start();
        try (Running sub = subscribe(1, "-V", "mqttv31", "-t", "legacy", "-C", "1", "-W", "10")) {
            publish("-V", "mqttv31", "-t", "legacy", "-m", "3.1 works", "-q", "1");
            assertThat(sub.await(Duration.ofSeconds(10)).stdout()).isEqualTo("3.1 works\n");
        }
    }
}
