package dev.fountain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fountain.broker.testing.PahoClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application that turns persistence on keeps its broker's sessions and retained messages across a restart. */
class ApplicationPersistenceTest {

    @TempDir
    Path dir;

    private RunningApp start(int port) {
        return Fountain.builder().args("-p", Integer.toString(port)).routeTables()
                .property("fountain.persistence", "true")
                .property("fountain.persistence.location", dir.toString())
                .property("fountain.persistence.sync", "always")
                .start();
    }

    @Test
    void retainedMessagesAndADevicesQueueSurviveARestartOfTheApplication() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        MqttConnectOptions persistent = PahoClient.options();
        persistent.setCleanSession(false);
        try (RunningApp app = start(port)) {
            try (PahoClient display = PahoClient.connect(port, "display", persistent)) {
                display.subscribe("alerts/#", 1);
                display.disconnect();
            }
            try (PahoClient pump = PahoClient.connect(port, "pump")) {
                pump.publish("home/garden/level", "3", 1, true);
                pump.publish("alerts/garden", "dry", 1, false);
            }
        }
        try (RunningApp app = start(port); PahoClient display = PahoClient.connect(port, "display", persistent)) {
            assertThat(display.next().payload()).as("queued for the display while the app was down").isEqualTo("dry");
            display.subscribe("home/#", 1);
            assertThat(display.next().payload()).as("retained across the restart").isEqualTo("3");
            display.expectNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    void aBadSyncPolicyStopsStartupNamingTheKey() {
        assertThatThrownBy(() -> Fountain.builder().args("-p", "0").routeTables()
                .property("fountain.persistence", "true").property("fountain.persistence.location", dir.toString())
                .property("fountain.persistence.sync", "sometimes").start())
                .isInstanceOf(StartupException.class)
                .hasMessage("fountain.persistence.sync: expected always, interval or none, found 'sometimes'");
    }
}
