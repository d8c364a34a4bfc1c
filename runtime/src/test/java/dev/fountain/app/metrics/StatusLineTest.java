package dev.fountain.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.app.Fountain;
import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import dev.fountain.app.RunningApp;
import dev.fountain.broker.testing.PahoClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The development loop's status line, from the meters of a running application. */
class StatusLineTest {

    static final class Failing {
        void handle(String payload) {
            if (payload.equals("fail")) {
                throw new IllegalStateException("asked to");
            }
        }
    }

    @Test
    void eachLineCountsConnectionsRatesAndTheHandlerErrorsSinceThePreviousOne() throws Exception {
        RouteTable table = () -> List.of(Route.subscribe(Failing.class, "handle", "jobs/+", 1, null,
                (handler, message) -> {
                    ((Failing) handler).handle(message.payloadString());
                    return null;
                }));
        try (RunningApp app = Fountain.builder().broker(broker -> broker.port(0)).routeTables(table).start();
             PahoClient device = PahoClient.connect(app.port(), "device")) {
            StatusLine line = app.metrics().statusLine();
            device.publish("jobs/1", "ok", 1, false);
            device.publish("jobs/2", "fail", 1, false);
            device.publish("jobs/3", "fail", 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> app.metrics().registry()
                    .get("fountain.handler.duration").timer().count() == 3);

            // Rates over however long the three took: above zero, whatever the machine.
            assertThat(line.next())
                    .matches("1 connections, (?!0\\.0 )[0-9.]+ msg/s in, (?!0\\.0 )[0-9.]+ msg/s out, 2 handler errors");
            assertThat(line.next()).isEqualTo("1 connections, 0.0 msg/s in, 0.0 msg/s out, 0 handler errors");
        }
    }
}
