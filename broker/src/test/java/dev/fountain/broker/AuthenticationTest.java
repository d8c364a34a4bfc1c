package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.PasswordLines;
import dev.fountain.broker.testing.RawClient;
import dev.fountain.broker.testing.TestBrokers;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CAT-1 modem story: a device whose CONNECT is refused must learn why from the return code,
 * and the operator from the log.
 */
class AuthenticationTest {

    @TempDir
    Path dir;

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        Path passwords = dir.resolve("passwd");
        Files.write(passwords, List.of(PasswordLines.pbkdf2("modem", "s3cret"), PasswordLines.pbkdf2("app", "pw")));
        broker = TestBrokers.start(config -> config.allowAnonymous(false).passwordFile(passwords));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private int connect(String user, String password) throws Exception {
        try (RawClient client = RawClient.open(broker.port())) {
            var builder = MqttMessageBuilders.connect().clientId("modem-1").protocolVersion(MqttVersion.MQTT_3_1_1);
            if (user != null) {
                builder.hasUser(true).username(user);
            }
            if (password != null) {
                builder.hasPassword(true).password(PasswordLines.utf8(password));
            }
            MqttConnAckMessage connack = (MqttConnAckMessage) client.receiveAfter(builder.build());
            return connack.variableHeader().connectReturnCode().byteValue();
        }
    }

    @Test
    void theRightPasswordIsAccepted() throws Exception {
        assertThat(connect("modem", "s3cret")).isZero();
    }

    @Test
    void aWrongPasswordGetsReturnCode4() throws Exception {
        assertThat(connect("modem", "guess")).isEqualTo(4);
    }

    @Test
    void anUnknownUserGetsReturnCode4() throws Exception {
        assertThat(connect("nobody", "s3cret")).isEqualTo(4);
    }

    @Test
    void anAnonymousClientGetsReturnCode5WhenAnonymousClientsAreNotAllowed() throws Exception {
        assertThat(connect(null, null)).isEqualTo(5);
    }

    @Test
    void pahoSeesTheRefusalAsNotAuthorized() throws Exception {
        MqttConnectOptions options = PahoClient.options();
        options.setUserName("modem");
        options.setPassword("guess".toCharArray());
        try (PahoClient client = PahoClient.create(broker.port(), "paho")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(MqttException.class,
                    () -> client.paho().connect(options)).getReasonCode())
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        }
    }
}
