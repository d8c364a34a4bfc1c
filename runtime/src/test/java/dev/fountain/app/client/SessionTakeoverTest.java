package dev.fountain.app.client;

import static org.awaitility.Awaitility.await;

import dev.fountain.app.RunningApp;
import dev.fountain.broker.Broker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas given the same client id take each other's sessions over, back and forth; the log
 * says so, naming the settings that fix it.
 */
class SessionTakeoverTest {

    private final PrintStream stderr = System.err;
    private Broker broker;
    private RunningApp first;
    private RunningApp second;

    @AfterEach
    void stop() {
        System.setErr(stderr);
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        broker.close();
    }

    @Test
    void replicasSharingAClientIdAreWarnedAbout() throws Exception {
        broker = Broker.builder().port(0).build().start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // slf4j-simple writes to whatever System.err is at the time of each line.
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        first = ClientApps.start(broker.port(), "twin", GardenRoutes.table(), Map.of());
        second = ClientApps.start(broker.port(), "twin", GardenRoutes.table(), Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> log.toString(StandardCharsets.UTF_8)
                .contains("the broker gave this session to another connection with the same client id (2 times"
                        + " now). Each replica needs its own fountain.instance or fountain.client-id."));
    }
}
