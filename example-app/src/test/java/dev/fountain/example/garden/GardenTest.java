package dev.fountain.example.garden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.test.FountainExtension;
import dev.fountain.test.Messages;
import dev.fountain.test.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GardenTest {


    static final RecordingPump PUMP = new RecordingPump();

    @RegisterExtension
    static final FountainExtension GARDEN = FountainExtension.create()
            .override(binder -> binder.bind(Pump.class).toInstance(PUMP));

    @Test
    void onSwitchesTheFountainAndPublishesItsRetainedStatus(TestClient client) throws Exception {
        Messages status = client.subscribe("home/garden/fountain/+/status");
        client.publish("home/garden/fountain/2", "on", 1, false);
        Messages.Message confirmed = status.next();
        assertThat(confirmed.topic()).isEqualTo("home/garden/fountain/2/status");
        assertThat(confirmed.text()).isEqualTo("on");
        assertThat(PUMP.calls).contains("2 ON");

        Messages later = client.subscribe("home/garden/fountain/2/status");
        assertThat(later.next().retained()).isTrue();
    }

    @Test
    void aCommandThatIsNotOnOrOffMovesNoPump(TestClient client) throws Exception {
        Messages status = client.subscribe("home/garden/fountain/7/status");
        client.publish("home/garden/fountain/7", "sideways", 1, false);
        client.publish("home/garden/fountain/seven", "on", 1, false);
        status.expectNone(Duration.ofMillis(300));
        assertThat(PUMP.calls).noneMatch(call -> call.startsWith("7 "));
    }

    @Test
    void aDrySensorRaisesAnAlert(TestClient client) throws Exception {
        Messages alerts = client.subscribe("home/garden/alerts");
        client.publish("home/garden/sensors/bed-3", "{\"temperature\": 21.0, \"moisture\": 12}", 1, false);
        assertThat(alerts.next().text())
                .isEqualTo("{\"sensor\":\"bed-3\",\"message\":\"soil is dry (12.0 %): time to water\"}");
    }

    @Test
    void aHealthyReadingRaisesNoAlert(TestClient client) throws Exception {
        Messages alerts = client.subscribe("home/garden/alerts");
        client.publish("home/garden/sensors/bed-1", "{\"temperature\": 21.0, \"moisture\": 40}", 1, false);
        alerts.expectNone(Duration.ofMillis(300));
    }
}
