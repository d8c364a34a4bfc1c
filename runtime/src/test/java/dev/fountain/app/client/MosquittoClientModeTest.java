package dev.fountain.app.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** Client mode against Debian's Mosquitto over MQTT 5. */
@Tag("interop")
class MosquittoClientModeTest extends ExternalBrokerContract {

    private static Mosquitto mosquitto;

    @BeforeAll
    static void startMosquitto() throws Exception {
        mosquitto = Mosquitto.start();
    }

    @AfterAll
    static void stopMosquitto() throws Exception {
        mosquitto.close();
    }

    @Override
    int port() {
        return mosquitto.port();
    }
}
