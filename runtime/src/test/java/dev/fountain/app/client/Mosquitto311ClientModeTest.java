package dev.fountain.app.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * Client mode against Mosquitto over MQTT 3.1.1: the same handlers and replies; a request's
 * metadata does not reach the handler, so its reply goes to the {@code @Publish} topic.
 */
@Tag("interop")
class Mosquitto311ClientModeTest extends ExternalBrokerContract {

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

    @Override
    String version() {
        return "3.1.1";
    }
}
