package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.TestBrokers;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client that takes over its own connection publishes the old connection's will only when either
 * side is a clean session, as Mosquitto 2 does: a device reconnecting over a flaky link to its
 * persistent session has not died. A sentinel published after the takeover must arrive first when
 * no will is due.
 */
class WillOnTakeoverTest {

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBrokers.start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private static MqttConnectOptions options(boolean cleanSession, boolean withWill) {
        MqttConnectOptions options = PahoClient.options();
        options.setCleanSession(cleanSession);
        if (withWill) {
            options.setWill("wills/device", "gone".getBytes(StandardCharsets.UTF_8), 1, false);
        }
        return options;
    }

    @ParameterizedTest(name = "old clean {0}, new clean {1}: will published {2}")
    @CsvSource({"false, false, false", "true, false, true", "false, true, true", "true, true, true"})
    void theWillFollowsMosquittosRuleOnTakeover(boolean oldClean, boolean newClean, boolean willPublished)
            throws Exception {
        try (PahoClient watcher = PahoClient.connect(broker.port(), "watcher")) {
            watcher.subscribe("wills/#", 1);
            try (PahoClient first = PahoClient.connect(broker.port(), "device", options(oldClean, true));
                 PahoClient second = PahoClient.connect(broker.port(), "device", options(newClean, false))) {
                second.publish("wills/sentinel", "after the takeover", 1, false);
                if (willPublished) {
                    // A replaced session ends on its own thread, so its will and the new client's
                    // first publish may arrive in either order.
                    watcher.awaitCount(2);
                    assertThat(watcher.all()).extracting(PahoClient.Received::payload)
                            .containsExactlyInAnyOrder("gone", "after the takeover");
                } else {
                    // A resumed session hands over before CONNACK: a will would come first.
                    assertThat(watcher.next().payload()).isEqualTo("after the takeover");
                }
            }
        }
    }
}
