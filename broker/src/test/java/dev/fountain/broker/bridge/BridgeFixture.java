package dev.fountain.broker.bridge;

import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.testing.PahoClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * A Fountain broker started from a mosquitto.conf the test writes, as a Mosquitto user would start
 * it: a loopback listener on a free port, anonymous clients, every log line to a file the test can
 * read, and the test's lines (a {@code connection} block) after those.
 */
final class BridgeFixture {

    /** The remote client identifier the tests give their bridges, so the notification topic is known. */
    static final String REMOTE_ID = "fountain-bridge";
    static final String STATE_TOPIC = "$SYS/broker/connection/" + REMOTE_ID + "/state";

    private BridgeFixture() {
    }

    static Broker fountain(Path dir, String... lines) throws Exception {
        List<String> all = new ArrayList<>(List.of("listener 0 127.0.0.1", "allow_anonymous true"));
        all.addAll(List.of(lines));
        Path conf = dir.resolve("fountain.conf");
        Files.writeString(conf, String.join("\n", all) + "\n");
        return Broker.builder().configFile(conf)
                .configure(config -> config.logTypes(LogType.all()).logDestination(LogDestination.file(log(dir))))
                .logToConfiguredDestinations()
                .threads(2)
                .build()
                .start();
    }

    static Path log(Path dir) {
        return dir.resolve("fountain.log");
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A client of {@code port} that follows the bridge's retained notification topic, and waits
     * until it says {@code state}.
     */
    static PahoClient watchState(int port, String clientId) throws MqttException {
        return PahoClient.connect(port, clientId).subscribe(STATE_TOPIC, 1);
    }

    static void awaitState(PahoClient watcher, String state) {
        await("bridge state " + state).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
                .until(() -> last(watcher, m -> m.topic().equals(STATE_TOPIC)).equals(state));
    }

    private static String last(PahoClient client, Predicate<PahoClient.Received> which) {
        List<PahoClient.Received> all = client.all();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (which.test(all.get(i))) {
                return all.get(i).payload();
            }
        }
        return "";
    }

    /** Waits until {@code client} has received a message on {@code topic}. */
    static void awaitTopic(PahoClient client, String topic) {
        await("a message on " + topic).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(5))
                .until(() -> client.all().stream().anyMatch(m -> m.topic().equals(topic)));
    }

    /** The topics of the messages {@code client} received that start with {@code prefix}, in order. */
    static List<String> topics(PahoClient client, String prefix) {
        return client.all().stream().map(PahoClient.Received::topic).filter(t -> t.startsWith(prefix)).toList();
    }
}
