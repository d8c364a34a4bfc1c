package dev.fountain.broker.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.testing.PahoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Mosquitto 2.0 bridging into our broker with its default bridge settings, {@code
 * try_private} among them, as a user coming from Mosquitto writes the block: every message crosses
 * once, and none comes back to the side it was published on.
 *
 * <p>Whether an echo came is decided by fences, not by waiting: an echo of a message published on
 * Mosquitto would be queued to the bridge, on our side, before anything published here after that
 * message reached our subscriber; an echo of a message published here would be queued by Mosquitto
 * before anything published there after it reached Mosquitto's subscriber. {@link #fence} crosses
 * three times, so each kind of echo would have arrived before it ends.
 */
@Tag("interop")
class MosquittoBridgeInInteropTest {

    private static final int MESSAGES = 50;
    private static final List<String> FENCES = List.of("fence-1", "fence-2", "fence-3");

    @TempDir
    Path dir;

    private Broker fountain;
    private Mosquitto mosquitto;
    private final List<PahoClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (PahoClient client : clients) {
            client.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
        if (fountain != null) {
            fountain.close();
        }
    }

    /** Our broker, then Mosquitto with a bridge to it of {@code topics}; returns once it subscribed here. */
    private void start(int bridgeSubscriptions, String... topics) throws Exception {
        fountain = Broker.builder()
                .configure(config -> config.listener(Listener.mqtt(0, "127.0.0.1")).allowAnonymous(true)
                        .logTypes(LogType.all()).logDestination(LogDestination.file(fountainLog())))
                .logToConfiguredDestinations()
                .threads(2)
                .build()
                .start();
        List<String> bridge = new ArrayList<>(List.of(
                "connection to-fountain",
                "address 127.0.0.1:" + fountain.port()));
        bridge.addAll(List.of(topics));
        mosquitto = Mosquitto.start(dir, bridge.toArray(String[]::new));
        await("Mosquitto's bridge subscribed here").atMost(Duration.ofSeconds(10))
                .until(() -> fountain.subscriptionCount() == bridgeSubscriptions);
    }

    private Path fountainLog() {
        return dir.resolve("fountain.log");
    }

    private PahoClient client(Broker broker, String clientId) throws Exception {
        return client(broker.port(), clientId);
    }

    private PahoClient client(int port, String clientId) throws Exception {
        PahoClient client = PahoClient.connect(port, clientId);
        clients.add(client);
        return client;
    }

    private static List<String> publish(PahoClient publisher, String prefix) throws Exception {
        List<String> topics = IntStream.range(0, MESSAGES).mapToObj(i -> prefix + i).toList();
        for (String topic : topics) {
            publisher.publish(topic, "m", 1, false);
        }
        return topics;
    }

    /** Publishes {@code topic} and waits until {@code subscriber} has it as {@code arrives}. */
    private static void cross(PahoClient publisher, String topic, PahoClient subscriber, String arrives)
            throws Exception {
        publisher.publish(topic, "fence", 1, false);
        await(arrives + " across the bridge").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> subscriber.all().stream().anyMatch(r -> r.topic().equals(arrives)));
    }

    /**
     * Mosquitto to us, us to Mosquitto, Mosquitto to us: after it every echo of what was published
     * before it has arrived, if there is one.
     */
    private static void fence(PahoClient onMosquitto, PahoClient mosquittoSubscriber, String mosquittoPrefix,
            PahoClient onFountain, PahoClient fountainSubscriber, String fountainPrefix) throws Exception {
        cross(onMosquitto, mosquittoPrefix + "fence-1", fountainSubscriber, fountainPrefix + "fence-1");
        cross(onFountain, fountainPrefix + "fence-2", mosquittoSubscriber, mosquittoPrefix + "fence-2");
        cross(onMosquitto, mosquittoPrefix + "fence-3", fountainSubscriber, fountainPrefix + "fence-3");
    }

    private static List<String> topicsOf(PahoClient subscriber) {
        return subscriber.all().stream().map(PahoClient.Received::topic).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    @Test
    void aBothBridgeCarriesEachMessageOnceEachWayAndEchoesNone() throws Exception {
        start(1, "topic # both 1");
        assertThat(Files.readString(fountainLog())).containsPattern(
                "New bridge connected from 127\\.0\\.0\\.1:\\d+ as [^ ]+\\.to-fountain \\(p2, c0, k60\\)\\.");
        PahoClient mosquittoSubscriber = client(mosquitto.port(), "mosquitto-sub").subscribe("#", 1);
        PahoClient fountainSubscriber = client(fountain, "fountain-sub").subscribe("#", 1);
        PahoClient onMosquitto = client(mosquitto.port(), "mosquitto-pub");
        PahoClient onFountain = client(fountain, "fountain-pub");

        List<String> fromMosquitto = publish(onMosquitto, "edge/");
        List<String> fromFountain = publish(onFountain, "cloud/");
        fence(onMosquitto, mosquittoSubscriber, "", onFountain, fountainSubscriber, "");

        List<String> everything = concat(fromMosquitto, fromFountain, FENCES);
        assertThat(topicsOf(fountainSubscriber)).containsExactlyInAnyOrderElementsOf(everything);
        assertThat(topicsOf(mosquittoSubscriber)).containsExactlyInAnyOrderElementsOf(everything);
    }

    @Test
    void outAndInTopicsCrossOnlyTheirWayAndOnce() throws Exception {
        start(1, "topic sensors/# out 1", "topic commands/# in 1");
        PahoClient mosquittoSubscriber = client(mosquitto.port(), "mosquitto-sub").subscribe("#", 1);
        PahoClient fountainSubscriber = client(fountain, "fountain-sub").subscribe("#", 1);
        PahoClient onMosquitto = client(mosquitto.port(), "mosquitto-pub");
        PahoClient onFountain = client(fountain, "fountain-pub");

        List<String> readings = publish(onMosquitto, "sensors/");
        List<String> commands = publish(onFountain, "commands/");
        onMosquitto.publish("commands/local-only", "m", 1, false);
        onFountain.publish("sensors/local-only", "m", 1, false);
        cross(onMosquitto, "sensors/fence-1", fountainSubscriber, "sensors/fence-1");
        cross(onFountain, "commands/fence-2", mosquittoSubscriber, "commands/fence-2");
        cross(onMosquitto, "sensors/fence-3", fountainSubscriber, "sensors/fence-3");

        List<String> fences = List.of("sensors/fence-1", "commands/fence-2", "sensors/fence-3");
        assertThat(topicsOf(fountainSubscriber))
                .containsExactlyInAnyOrderElementsOf(concat(readings, commands, fences, List.of("sensors/local-only")));
        assertThat(topicsOf(mosquittoSubscriber))
                .containsExactlyInAnyOrderElementsOf(concat(readings, commands, fences, List.of("commands/local-only")));
    }

    @Test
    void prefixesAreSwappedBothWaysWithoutEcho() throws Exception {
        start(1, "topic # both 1 site/ fleet/site-7/");
        PahoClient mosquittoSubscriber = client(mosquitto.port(), "mosquitto-sub").subscribe("#", 1);
        PahoClient fountainSubscriber = client(fountain, "fountain-sub").subscribe("#", 1);
        PahoClient onMosquitto = client(mosquitto.port(), "mosquitto-pub");
        PahoClient onFountain = client(fountain, "fountain-pub");

        publish(onMosquitto, "site/up/");
        publish(onFountain, "fleet/site-7/down/");
        fence(onMosquitto, mosquittoSubscriber, "site/", onFountain, fountainSubscriber, "fleet/site-7/");

        List<String> up = IntStream.range(0, MESSAGES).mapToObj(i -> "up/" + i).toList();
        List<String> down = IntStream.range(0, MESSAGES).mapToObj(i -> "down/" + i).toList();
        List<String> crossing = concat(up, down, FENCES);
        assertThat(topicsOf(mosquittoSubscriber))
                .containsExactlyInAnyOrderElementsOf(crossing.stream().map(t -> "site/" + t).toList());
        assertThat(topicsOf(fountainSubscriber))
                .containsExactlyInAnyOrderElementsOf(crossing.stream().map(t -> "fleet/site-7/" + t).toList());
    }

    @Test
    void aRetainedMessageIsKeptAsRetainedOnTheFarSide() throws Exception {
        start(1, "topic # both 1");
        PahoClient mosquittoSubscriber = client(mosquitto.port(), "mosquitto-sub").subscribe("#", 1);
        PahoClient fountainSubscriber = client(fountain, "fountain-sub").subscribe("#", 1);
        client(mosquitto.port(), "mosquitto-pub").publish("edge/mode", "away", 1, true);
        client(fountain, "fountain-pub").publish("cloud/mode", "eco", 1, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> topicsOf(fountainSubscriber).contains("edge/mode")
                && topicsOf(mosquittoSubscriber).contains("cloud/mode"));

        PahoClient.Received onMosquitto = client(mosquitto.port(), "late-1").subscribe("cloud/mode", 1).next();
        assertThat(onMosquitto.payload()).isEqualTo("eco");
        assertThat(onMosquitto.retained()).isTrue();
        PahoClient.Received onFountain = client(fountain, "late-2").subscribe("edge/mode", 1).next();
        assertThat(onFountain.payload()).isEqualTo("away");
        assertThat(onFountain.retained()).isTrue();
    }
}
