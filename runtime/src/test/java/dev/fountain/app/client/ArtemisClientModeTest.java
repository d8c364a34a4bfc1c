package dev.fountain.app.client;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Client mode against Apache ActiveMQ Artemis's MQTT acceptor, embedded in this JVM, over TCP. */
class ArtemisClientModeTest extends ExternalBrokerContract {

    private static EmbeddedActiveMQ artemis;
    private static int port;

    @BeforeAll
    static void startArtemis() throws Exception {
        port = ClientApps.freePort();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.addAcceptorConfiguration("mqtt", "tcp://127.0.0.1:" + port + "?protocols=MQTT");
        artemis = new EmbeddedActiveMQ().setConfiguration(config);
        artemis.start();
    }

    @AfterAll
    static void stopArtemis() throws Exception {
        artemis.stop();
    }

    @Override
    int port() {
        return port;
    }
}
