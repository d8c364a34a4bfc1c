package dev.fountain.app.client;

import dev.fountain.broker.Broker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Client mode against Fountain's own broker, started in this JVM and reached only over TCP. */
class FountainBrokerClientModeTest extends ExternalBrokerContract {

    private static Broker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Broker.builder().port(0).build().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    int port() {
        return broker.port();
    }
}
