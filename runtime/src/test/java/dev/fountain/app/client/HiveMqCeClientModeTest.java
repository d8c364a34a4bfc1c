package dev.fountain.app.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Client mode against HiveMQ Community Edition 2025.5, in a JVM of its own ({@link HiveMqCe}). */
class HiveMqCeClientModeTest extends ExternalBrokerContract {

    private static HiveMqCe hivemq;

    @BeforeAll
    static void startHiveMq() throws Exception {
        hivemq = HiveMqCe.start();
    }

    @AfterAll
    static void stopHiveMq() throws Exception {
        hivemq.close();
    }

    @Override
    int port() {
        return hivemq.port();
    }
}
