package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fountain.test.FountainExtension;
import dev.fountain.test.Messages;
import dev.fountain.test.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ThermostatTest {

    /** The application, with its broker on a free port, in this JVM: once for the class. */
    @RegisterExtension
    static final FountainExtension APP = FountainExtension.create();

    @Test
    void aHotRoomRaisesAnAlert(TestClient client) throws Exception {
        Messages alerts = client.subscribe("home/alerts");
        client.publish("home/kitchen/temperature", "31.5");
        assertEquals("kitchen is too hot: 31.5 degrees", alerts.next().text());
    }

    @Test
    void aMildRoomRaisesNone(TestClient client) throws Exception {
        Messages alerts = client.subscribe("home/alerts");
        client.publish("home/bedroom/temperature", "19");
        // A topic's messages reach the handler in order, so the first alert to arrive comes after
        // 19 was handled: if 19 had raised one, it would be this one.
        client.publish("home/bedroom/temperature", "35");
        assertEquals("bedroom is too hot: 35.0 degrees", alerts.next().text());
    }
}
