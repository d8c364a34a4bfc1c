package dev.fountain.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.testing.Programs;
import dev.fountain.broker.testing.Programs.Result;
import dev.fountain.broker.testing.PrometheusScrape;
import dev.fountain.broker.testing.TestBrokers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's mosquitto_pub and mosquitto_sub against the meters and $SYS, as a Mosquitto user would check them. */
@Tag("interop")
class MetersInteropTest {

    @TempDir
    Path www;

    private Broker broker;

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void mosquittoPubMovesTheMetersAndMosquittoSubReadsSys() throws Exception {
        broker = TestBrokers.start(config -> config.listener(Listener.websockets(0, "127.0.0.1").withHttpDir(www))
                .sysInterval(1));
        String port = Integer.toString(broker.port());
        for (int qos = 0; qos <= 2; qos++) {
            Result published = Programs.run("mosquitto_pub", "-p", port, "-q", Integer.toString(qos), "-t",
                    "meters/q" + qos, "-m", "twelve bytes");
            assertThat(published.exitCode()).as(published.stderr()).isZero();
        }
        Result version = Programs.run("mosquitto_sub", "-p", port, "-t", "$SYS/broker/version", "-C", "1", "-W", "10");
        assertThat(version.stdout().strip()).isEqualTo("fountain version " + Broker.VERSION);
        // The retained value is the one of the last update, at most sys_interval old.
        await().atMost(Duration.ofSeconds(10)).until(() -> Programs.run("mosquitto_sub", "-p", port, "-t",
                "$SYS/broker/publish/messages/received", "-C", "1", "-W", "10").stdout().strip().equals("3"));

        PrometheusScrape scrape = PrometheusScrape.of(broker.port(Listener.Protocol.WEBSOCKETS));
        for (int qos = 0; qos <= 2; qos++) {
            assertThat(scrape.value("fountain_messages_received_total", "qos", Integer.toString(qos))).isEqualTo(1);
        }
        assertThat(scrape.value("fountain_connections_opened_total")).isGreaterThanOrEqualTo(5);
        assertThat(scrape.value("fountain_bytes_received_total")).isGreaterThan(3 * "twelve bytes".length());
    }
}
