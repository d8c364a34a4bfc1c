package dev.fountain.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.config.Tls;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.testing.TestCertificates;
import dev.fountain.broker.testing.TestCertificates.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS on MQTT and WebSocket listeners, with certificates openssl makes for the class: server
 * authentication, client certificates required and refused, TLS 1.2 and 1.3, and a broker that
 * will not start with files it cannot use.
 */
class TlsListenerTest {

    @TempDir
    static Path certificatesDir;
    private static TestCertificates certificates;

    @TempDir
    Path dir;

    private Broker broker;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create(certificatesDir);
    }

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Tls.Builder serverTls() {
        return Tls.builder(certificates.server.cert(), certificates.server.key());
    }

    private static Tls.Builder clientCertificatesRequired() {
        return serverTls().caFile(certificates.ca.cert()).requireCertificate(true);
    }

    private Broker start(Listener listener) throws Exception {
        broker = Broker.builder()
                .configure(config -> config.listener(listener).allowAnonymous(true).logTypes(LogType.all())
                        .logDestination(LogDestination.file(log())))
                .logToConfiguredDestinations()
                .threads(2)
                .build();
        return broker.start();
    }

    private Broker start(Tls tls) throws Exception {
        return start(Listener.mqtt(0, "127.0.0.1").withTls(tls));
    }

    private Path log() {
        return dir.resolve("broker.log");
    }

    private String ssl() {
        return "ssl://127.0.0.1:" + broker.port();
    }

    private SSLSocket handshake(SSLContext client) throws IOException {
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", broker.port());
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    private void awaitLog(String text) {
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log()).contains(text));
    }

    @Test
    void theCommonNameOfTheClientCertificateIsTheUserName() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl"), "user alice\ntopic readwrite devices/alice/#\n");
        broker = Broker.builder().configure(config -> config.listener(Listener.mqtt(0, "127.0.0.1").withTls(
                        clientCertificatesRequired().username(Tls.Username.CERTIFICATE_COMMON_NAME).build()))
                        .allowAnonymous(false).aclFile(acl).logTypes(LogType.all())
                        .logDestination(LogDestination.file(log())))
                .logToConfiguredDestinations().threads(2).build().start();
        try (PahoOver alice = PahoOver.connect(ssl(), "alice-device", certificates.clientContext("TLS", certificates.alice))) {
            alice.subscribe("devices/alice/#", 1);
            alice.publish("devices/alice/state", "on", 1);
            assertThat(alice.next()).isEqualTo("devices/alice/state on");
        }
        awaitLog("as alice-device (p2, c1, k60, u'alice').");
    }

    @Test
    void aClientThatTrustsTheCaPublishesAndSubscribesOverTls() throws Exception {
        start(serverTls().build());
        SSLContext client = certificates.clientContext("TLS", null);
        try (PahoOver subscriber = PahoOver.connect(ssl(), "subscriber", client);
             PahoOver publisher = PahoOver.connect(ssl(), "publisher", client)) {
            subscriber.subscribe("home/garden/#", 2);
            publisher.publish("home/garden/fountain/2", "encrypted", 2);

            assertThat(subscriber.next()).isEqualTo("home/garden/fountain/2 encrypted");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void tls12AndTls13AreBothOfferedByDefault(String version) throws Exception {
        start(serverTls().build());

        try (SSLSocket socket = handshake(certificates.clientContext(version, null))) {
            assertThat(socket.getSession().getProtocol()).isEqualTo(version);
        }
    }

    @Test
    void tlsVersion13RefusesATls12Client() throws Exception {
        start(serverTls().minimumVersion(Tls.Version.TLS_1_3).build());

        assertThatThrownBy(() -> handshake(certificates.clientContext("TLSv1.2", null)).close())
                .isInstanceOf(SSLException.class);
        awaitLog("failed the TLS handshake");
    }

    @Test
    void aCipherListLimitsTls12ToItsSuitesAndLeavesTls13Alone() throws Exception {
        start(serverTls().cipherSuites(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).build());

        try (SSLSocket tls12 = handshake(certificates.clientContext("TLSv1.2", null));
             SSLSocket tls13 = handshake(certificates.clientContext("TLSv1.3", null))) {
            assertThat(tls12.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            assertThat(tls13.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void aClientCertificateTheCaSignedIsAccepted() throws Exception {
        start(clientCertificatesRequired().build());

        try (PahoOver alice = PahoOver.connect(ssl(), "alice", certificates.clientContext("TLS", certificates.alice))) {
            alice.subscribe("devices/alice", 1);
            alice.publish("devices/alice", "it is me", 1);
            assertThat(alice.next()).isEqualTo("devices/alice it is me");
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedWhereOneIsRequired() throws Exception {
        start(clientCertificatesRequired().build());

        assertThatThrownBy(() -> PahoOver.connect(ssl(), "anonymous", certificates.clientContext("TLS", null)))
                .isInstanceOf(MqttException.class);
        awaitLog("Client <unknown> from 127.0.0.1:");
        awaitLog("failed the TLS handshake");
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() throws Exception {
        start(clientCertificatesRequired().build());

        assertThatThrownBy(() -> PahoOver.connect(ssl(), "mallory",
                certificates.clientContext("TLS", certificates.mallory))).isInstanceOf(MqttException.class);
        awaitLog("failed the TLS handshake");
    }

    @Test
    void aPlainMqttClientOnATlsPortIsToldItDoesNotSpeakTls() throws Exception {
        start(serverTls().build());

        assertThatThrownBy(() -> PahoOver.connect("tcp://127.0.0.1:" + broker.port(), "plain", null))
                .isInstanceOf(MqttException.class);
        awaitLog("failed the TLS handshake: it does not speak TLS (an unencrypted client on a TLS port?).");
    }

    @Test
    void aWssClientPublishesAndSubscribes() throws Exception {
        start(Listener.websockets(0, "127.0.0.1").withTls(serverTls().build()));
        SSLContext client = certificates.clientContext("TLS", null);

        int port = broker.port(Listener.Protocol.WEBSOCKETS);
        try (PahoOver browser = PahoOver.connect("wss://127.0.0.1:" + port + "/mqtt", "browser", client)) {
            browser.subscribe("dashboard/#", 1);
            browser.publish("dashboard/temperature", "21.5", 1);
            assertThat(browser.next()).isEqualTo("dashboard/temperature 21.5");
        }
        assertThat(Files.readString(log())).contains("Opening websockets listen socket on port " + port);
    }

    @Test
    void pkcs1RsaAndSec1EcKeysAreReadAsOpensslWritesThem() throws Exception {
        Path pkcs1 = certificates.pkcs1(certificates.server.key());
        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        start(Tls.builder(certificates.server.cert(), pkcs1).build());
        try (SSLSocket socket = handshake(certificates.clientContext("TLS", null))) {
            assertThat(socket.getSession().getPeerCertificates()).isNotEmpty();
        }
        broker.close();

        Path sec1 = certificates.sec1(certificates.ecServer.key());
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        start(Tls.builder(certificates.ecServer.cert(), sec1).build());
        try (SSLSocket socket = handshake(certificates.clientContext("TLS", null))) {
            assertThat(socket.getSession().getPeerCertificates()).isNotEmpty();
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesStopsStartupNamingBothFiles() {
        Pair server = certificates.server;

        assertThatThrownBy(() -> start(Tls.builder(server.cert(), certificates.alice.key()).build()))
                .isInstanceOf(IOException.class)
                .hasMessage("Listener on port 0: keyfile '" + certificates.alice.key() + "' is not the private key "
                        + "of the certificate in certfile '" + server.cert() + "'");
    }

    @Test
    void anEncryptedKeyStopsStartupSayingHowToDecryptIt() throws Exception {
        Path encrypted = certificates.encrypted(certificates.server.key());

        assertThatThrownBy(() -> start(Tls.builder(certificates.server.cert(), encrypted).build()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Listener on port 0: keyfile '" + encrypted + "': the key is encrypted")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aCertificateFileWithoutCertificatesStopsStartupNamingIt() throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("server.crt"), "hello\n");

        assertThatThrownBy(() -> start(Tls.builder(notACertificate, certificates.server.key()).build()))
                .isInstanceOf(IOException.class)
                .hasMessage("Listener on port 0: certfile '" + notACertificate
                        + "': no PEM certificate in it (-----BEGIN CERTIFICATE-----)");
    }

    @Test
    void aMissingCaFileStopsStartupNamingIt() {
        Path missing = dir.resolve("missing-ca.crt");

        assertThatThrownBy(() -> start(serverTls().caFile(missing).requireCertificate(true).build()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Listener on port 0: cafile '" + missing + "': cannot read it");
    }

    @Test
    void aCipherSuiteTheJdkDoesNotKnowStopsStartup() {
        assertThatThrownBy(() -> start(serverTls().cipherSuites(List.of("TLS_RSA_WITH_IDEA_CBC_SHA")).build()))
                .isInstanceOf(IOException.class)
                .hasMessage("Listener on port 0: ciphers: the JDK does not support TLS_RSA_WITH_IDEA_CBC_SHA");
    }

    @Test
    void aCaDirectoryIsReadAsCapath() throws Exception {
        Path capath = Files.createDirectories(dir.resolve("certs"));
        Files.copy(certificates.ca.cert(), capath.resolve("fountain-ca.pem"));
        Files.writeString(capath.resolve("README"), "not a certificate");
        start(serverTls().caPath(capath).requireCertificate(true).build());

        try (PahoOver alice = PahoOver.connect(ssl(), "alice", certificates.clientContext("TLS", certificates.alice))) {
            alice.publish("devices/alice", "hello", 0);
        }
    }
}
