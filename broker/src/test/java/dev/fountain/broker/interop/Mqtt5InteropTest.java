package dev.fountain.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.testing.Programs;
import dev.fountain.broker.testing.Programs.Result;
import dev.fountain.broker.testing.Programs.Running;
import dev.fountain.broker.testing.TestBrokers;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** MQTT 5 with Debian's mosquitto_pub, mosquitto_sub and mosquitto_rr (-V mqttv5). */
@Tag("interop")
class Mqtt5InteropTest {

    private static Running subscribe(Broker broker, int subscriptions, String... args) {
        int before = broker.subscriptionCount();
        String[] command = new String[args.length + 3];
        command[0] = "mosquitto_sub";
        command[1] = "-p";
        command[2] = Integer.toString(broker.port());
        System.arraycopy(args, 0, command, 3, args.length);
        Running sub = Programs.start(command);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.subscriptionCount() >= before + subscriptions);
        return sub;
    }

    @Test
    void userPropertiesResponseTopicAndContentTypePassThrough() throws Exception {
        try (Broker broker = TestBrokers.start();
             Running sub = subscribe(broker, 1, "-V", "mqttv5", "-t", "req/#", "-F", "%t|%p|%P|%R|%C", "-C", "1",
                     "-W", "10")) {
            Result pub = Programs.run("mosquitto_pub", "-p", Integer.toString(broker.port()), "-V", "mqttv5",
                    "-t", "req/lights", "-m", "on", "-D", "publish", "user-property", "origin", "garden",
                    "-D", "publish", "response-topic", "resp/lights", "-D", "publish", "content-type", "text/plain");
            assertThat(pub.exitCode()).isZero();
            assertThat(sub.await(Duration.ofSeconds(10)).stdout())
                    .isEqualTo("req/lights|on|origin:garden|resp/lights|text/plain\n");
        }
    }

    @Test
    void aMqtt5PublisherReachesAMqtt311Subscriber() throws Exception {
        try (Broker broker = TestBrokers.start();
             Running sub = subscribe(broker, 1, "-V", "mqttv311", "-t", "mixed", "-C", "1", "-W", "10")) {
            Programs.run("mosquitto_pub", "-p", Integer.toString(broker.port()), "-V", "mqttv5", "-t", "mixed",
                    "-m", "from five", "-D", "publish", "user-property", "k", "v");
            assertThat(sub.await(Duration.ofSeconds(10)).stdout()).isEqualTo("from five\n");
        }
    }
}
