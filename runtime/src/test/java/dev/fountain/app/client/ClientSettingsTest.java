package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fountain.app.connector.client.BrokerAddress;
import dev.fountain.app.connector.client.ClientSettings;
import dev.fountain.broker.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client mode's settings: what each key accepts, its default, and how a wrong value is reported. */
class ClientSettingsTest {

    private static ClientSettings read(Map<String, String> values) {
        return ClientSettings.read(key -> Optional.ofNullable(values.get(key)), 1000);
    }

    @Test
    void everySchemeHasItsDefaultPortAndWebSocketsTheirPath() {
        assertThat(BrokerAddress.parseAll("mqtt://a, mqtts://b, ws://c, wss://d:8443/ws"))
                .extracting(BrokerAddress::toString)
                .containsExactly("mqtt://a:1883", "mqtts://b:8883", "ws://c:80/mqtt", "wss://d:8443/ws");
    }

    @Test
    void aUrlThatCannotWorkIsReportedWithWhatToWrite() {
        assertThatThrownBy(() -> BrokerAddress.parseAll("http://broker:1883"))
                .hasMessageContaining("mqtt://, mqtts://, ws:// or wss://");
        assertThatThrownBy(() -> BrokerAddress.parseAll("mqtt:broker"))
                .hasMessageContaining("names no host");
        assertThatThrownBy(() -> BrokerAddress.parseAll(" , ")).hasMessageContaining("no broker URL");
    }

    @Test
    void defaultsAreMqtt5APersistentHourAndAcknowledgementAfterTheHandler() {
        ClientSettings settings = read(Map.of("fountain.broker.url", "mqtt://broker"));
        assertThat(settings.mqtt5()).isTrue();
        assertThat(settings.sessionExpirySeconds()).isEqualTo(3600);
        assertThat(settings.ackOnReceipt()).isFalse();
        assertThat(settings.keepAliveSeconds()).isEqualTo(60);
        assertThat(settings.connectTimeoutMillis()).isEqualTo(30_000);
        assertThat(settings.publishQueue()).isEqualTo(10_000);
        assertThat(settings.receiveMaximum()).isEqualTo(1000);
        assertThat(settings.clientId()).startsWith("fountain-")
                .endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void theClientIdIsAppAndInstanceUnlessSetWhole() {
        assertThat(read(Map.of("fountain.broker.url", "mqtt://b", "fountain.app", "garden", "fountain.instance",
                "pod-3")).clientId()).isEqualTo("garden-pod-3");
        assertThat(read(Map.of("fountain.broker.url", "mqtt://b", "fountain.app", "garden", "fountain.client-id",
                "exact")).clientId()).isEqualTo("exact");
    }

    @Test
    void aWrongValueNamesItsKey() {
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "mqtt://b", "fountain.broker.version", "4.0")))
                .hasMessageStartingWith("fountain.broker.version: expected 5 or 3.1.1");
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "mqtt://b", "fountain.ack", "never")))
                .hasMessageStartingWith("fountain.ack: expected after-handler or on-receipt");
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "mqtt://b", "fountain.broker.keep-alive", "-1")))
                .hasMessageStartingWith("fountain.broker.keep-alive: expected a whole number from 0 to 65535");
    }

    @Test
    void receiveMaximumIsTheHandlerQueueUpToWhatMqttCanSay() {
        assertThat(ClientSettings.read(key -> key.equals(ClientSettings.URL) ? Optional.of("mqtt://b")
                : Optional.empty(), 1_000_000).receiveMaximum()).isEqualTo(65_535);
    }

    @Test
    void aPasswordWithoutAUserNameIsRefusedRatherThanSilentlyNotSent() {
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "mqtt://b", "fountain.broker.password", "x")))
                .hasMessage("fountain.broker.password is set without fountain.broker.username");
    }

    @Test
    void tlsSettingsThatCannotWorkNameTheirKeys(@TempDir Path dir) throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("ca.pem"), "hello");
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "mqtt://b",
                "fountain.broker.tls.ca-file", notACertificate.toString())))
                .hasMessage("fountain.broker.tls.ca-file set, but no URL of [mqtt://b:1883] uses TLS: write mqtts://"
                        + " or wss://");
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "mqtts://b",
                "fountain.broker.tls.ca-file", notACertificate.toString())))
                .hasMessage("fountain.broker.tls.ca-file '" + notACertificate
                        + "': no PEM certificate in it (-----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "mqtts://b",
                "fountain.broker.tls.ca-file", dir.resolve("missing.pem").toString())))
                .hasMessageStartingWith("fountain.broker.tls.ca-file '" + dir.resolve("missing.pem")
                        + "': cannot read it");
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "mqtts://b",
                "fountain.broker.tls.ca-file", "a", "fountain.broker.tls.trust-store", "b")))
                .hasMessageContaining("are both set");
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "mqtts://b",
                "fountain.broker.tls.cert-file", "client.pem")))
                .hasMessageEndingWith("fountain.broker.tls.key-file is not set");
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "wss://b",
                "fountain.broker.tls.trust-store", notACertificate.toString())))
                .hasMessageStartingWith("fountain.broker.tls.trust-store '" + notACertificate
                        + "': cannot read it as a PKCS#12 or JKS store");
    }

    @Test
    void aKeyOfAnotherCertificateIsFoundAtStartup(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        assertThatThrownBy(() -> read(Map.of("fountain.broker.url", "mqtts://b",
                "fountain.broker.tls.cert-file", certificates.alice.cert().toString(),
                "fountain.broker.tls.key-file", certificates.mallory.key().toString())))
                .hasMessage("fountain.broker.tls.key-file '" + certificates.mallory.key() + "' is not the private key"
                        + " of the certificate in fountain.broker.tls.cert-file '" + certificates.alice.cert() + "'");
    }
}
