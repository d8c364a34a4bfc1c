package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fountain.app.Fountain;
import dev.fountain.app.FountainBuilder;
import dev.fountain.app.RunningApp;
import dev.fountain.app.StartupException;
import dev.fountain.broker.Broker;
import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.config.Tls;
import dev.fountain.broker.testing.PasswordLines;
import dev.fountain.broker.testing.TestCertificates;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that wants TLS, client certificates or a password: the application reaches it over
 * {@code mqtts://} and {@code wss://} with the CA in a PEM file or a trust store, presents a client
 * certificate from PEM files or a key store, and logs in with a user name and password; with the
 * wrong trust, no certificate or a wrong password it does not start, and says which broker refused.
 * A device on the broker's plain listener publishes, so each test shows a handler fired and its
 * reply went out through the secured connections.
 */
class SecuredBrokerTest {

    @TempDir
    static Path certificatesDir;
    private static TestCertificates certificates;

    @TempDir
    Path dir;

    private Broker broker;
    private RunningApp app;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create(certificatesDir);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        GardenRoutes.EVENTS.clear();
    }

    private static Tls.Builder serverTls() {
        return Tls.builder(certificates.server.cert(), certificates.server.key());
    }

    /** A plain MQTT listener for the device, first so {@link Broker#port()} is it, then {@code secured}. */
    private int startBroker(Listener secured, UnaryOperator<BrokerConfig.Builder> security) throws Exception {
        broker = Broker.builder().configure(config -> security.apply(config.listener(Listener.mqtt(0, "127.0.0.1"))
                .listener(secured))).build().start();
        return broker.addresses().get(1).getPort();
    }

    private int startTlsBroker(Tls tls) throws Exception {
        return startBroker(Listener.mqtt(0, "127.0.0.1").withTls(tls), config -> config.allowAnonymous(true));
    }

    private static Map<String, String> settings(String url, String... keysAndValues) {
        Map<String, String> settings = new HashMap<>(Map.of("fountain.broker.url", url,
                "fountain.broker.connect-timeout", "3"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    private RunningApp start(Map<String, String> settings) {
        FountainBuilder builder = Fountain.builder().routeTables(GardenRoutes.table())
                .property("fountain.client-id", "secured-app");
        settings.forEach(builder::property);
        return builder.start();
    }

    /** Publishes a hot reading on the plain listener and waits for the handler's alert to come back. */
    private void handlerAnswers() throws Exception {
        try (Device device = new Device(broker.port())) {
            device.subscribe("home/alerts");
            device.publish("home/kitchen/temperature", "35");
            assertThat(Device.text(device.next())).isEqualTo("too hot in kitchen");
        }
        assertThat(GardenRoutes.EVENTS).contains("kitchen 35.0");
    }

    @Test
    void mqttsTrustsTheCaOfAPemFile() throws Exception {
        int port = startTlsBroker(serverTls().build());
        app = start(settings("mqtts://127.0.0.1:" + port,
                "fountain.broker.tls.ca-file", certificates.ca.cert().toString()));
        handlerAnswers();
    }

    @Test
    void mqttsTrustsATrustStore() throws Exception {
        int port = startTlsBroker(serverTls().build());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", TestCertificates.certificates(certificates.ca.cert()).get(0));
        Path trustStore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, "changeit".toCharArray());
        }
        app = start(settings("mqtts://127.0.0.1:" + port, "fountain.broker.tls.trust-store", trustStore.toString(),
                "fountain.broker.tls.trust-store-password", "changeit"));
        handlerAnswers();
    }

    @Test
    void aBrokerWhoseCaIsNotTrustedIsNotConnectedTo() throws Exception {
        int port = startTlsBroker(serverTls().build());
        // The JVM's own authorities do not know the test CA: the handshake must fail, not go on.
        assertThatThrownBy(() -> start(settings("mqtts://127.0.0.1:" + port)))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("fountain.broker.connect-timeout")
                .hasMessageContaining("last attempt: mqtts://127.0.0.1:" + port)
                .hasMessageContaining("PKIX path building failed");
        assertThat(broker.sessionCount()).isZero();
    }

    @Test
    void aClientCertificateFromPemFilesIsPresentedWhenTheBrokerRequiresOne() throws Exception {
        int port = startTlsBroker(serverTls().caFile(certificates.ca.cert()).requireCertificate(true).build());
        app = start(settings("mqtts://127.0.0.1:" + port,
                "fountain.broker.tls.ca-file", certificates.ca.cert().toString(),
                "fountain.broker.tls.cert-file", certificates.alice.cert().toString(),
                "fountain.broker.tls.key-file", certificates.alice.key().toString()));
        handlerAnswers();
    }

    @Test
    void aClientCertificateFromAKeyStoreIsPresented() throws Exception {
        int port = startTlsBroker(serverTls().caFile(certificates.ca.cert()).requireCertificate(true).build());
        app = start(settings("mqtts://127.0.0.1:" + port,
                "fountain.broker.tls.ca-file", certificates.ca.cert().toString(),
                "fountain.broker.tls.key-store", certificates.pkcs12(certificates.alice, "secret").toString(),
                "fountain.broker.tls.key-store-password", "secret"));
        handlerAnswers();
    }

    @Test
    void withoutTheRequiredClientCertificateTheApplicationDoesNotStart() throws Exception {
        int port = startTlsBroker(serverTls().caFile(certificates.ca.cert()).requireCertificate(true).build());
        assertThatThrownBy(() -> start(settings("mqtts://127.0.0.1:" + port,
                "fountain.broker.tls.ca-file", certificates.ca.cert().toString())))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("last attempt: mqtts://127.0.0.1:" + port)
                .hasMessageContaining("bad_certificate");
    }

    @Test
    void wssCarriesTheApplicationOverWebSocketAndTls() throws Exception {
        int port = startBroker(Listener.websockets(0, "127.0.0.1").withTls(serverTls().build()),
                config -> config.allowAnonymous(true));
        app = start(settings("wss://127.0.0.1:" + port + "/mqtt",
                "fountain.broker.tls.ca-file", certificates.ca.cert().toString()));
        handlerAnswers();
    }

    @Test
    void aUserNameAndPasswordLogIn() throws Exception {
        Path passwords = dir.resolve("passwords");
        Files.writeString(passwords, PasswordLines.pbkdf2("garden-app", "s3cret") + "\n"
                + PasswordLines.pbkdf2("device", "device") + "\n");
        broker = Broker.builder().configure(config -> config.listener(Listener.mqtt(0, "127.0.0.1"))
                .allowAnonymous(true).passwordFile(passwords)).build().start();
        app = start(settings("mqtt://127.0.0.1:" + broker.port(), "fountain.broker.username", "garden-app",
                "fountain.broker.password", "s3cret"));
        handlerAnswers();
    }

    @Test
    void aWrongPasswordStopsStartupNamingTheBroker() throws Exception {
        Path passwords = dir.resolve("passwords");
        Files.writeString(passwords, PasswordLines.pbkdf2("garden-app", "s3cret") + "\n");
        broker = Broker.builder().configure(config -> config.listener(Listener.mqtt(0, "127.0.0.1"))
                .allowAnonymous(false).passwordFile(passwords)).build().start();
        assertThatThrownBy(() -> start(settings("mqtt://127.0.0.1:" + broker.port(),
                "fountain.broker.username", "garden-app", "fountain.broker.password", "wrong")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("last attempt: mqtt://127.0.0.1:" + broker.port())
                .hasMessageContaining("BAD_USER_NAME_OR_PASSWORD");
        assertThat(broker.sessionCount()).isZero();
    }
}
