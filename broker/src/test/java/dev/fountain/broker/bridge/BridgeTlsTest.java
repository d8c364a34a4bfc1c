package dev.fountain.broker.bridge;

import static dev.fountain.broker.bridge.BridgeFixture.REMOTE_ID;
import static dev.fountain.broker.bridge.BridgeFixture.awaitState;
import static dev.fountain.broker.bridge.BridgeFixture.fountain;
import static dev.fountain.broker.bridge.BridgeFixture.log;
import static dev.fountain.broker.bridge.BridgeFixture.read;
import static dev.fountain.broker.bridge.BridgeFixture.watchState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.config.ConfigException;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.config.Tls;
import dev.fountain.broker.testing.MosquittoBroker;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.TestBrokers;
import dev.fountain.broker.testing.TestCertificates;
import dev.fountain.broker.testing.TestCertificates.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bridges over TLS with Mosquitto's keys: the remote broker's certificate checked against
 * {@code bridge_cafile}, and its host name unless {@code bridge_insecure}; a client certificate
 * from {@code bridge_certfile} and {@code bridge_keyfile}. Certificates are made by openssl for the
 * class; the server's names 127.0.0.1 and localhost.
 */
class BridgeTlsTest {

    @TempDir
    static Path certificatesDir;
    private static TestCertificates certificates;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create(certificatesDir);
    }

    private static String[] bridge(String address, String... lines) {
        List<String> all = new ArrayList<>(List.of("connection cloud", "address " + address,
                "remote_clientid " + REMOTE_ID, "restart_timeout 1", "topic up/# out 1", "topic down/# in 1"));
        all.addAll(List.of(lines));
        return all.toArray(new String[0]);
    }

    /** Mosquitto with a TLS listener (its port) and a plain one on {@code plainPort} for the test's clients. */
    private static MosquittoBroker mosquittoWithTls(int plainPort, String... more) throws Exception {
        List<String> lines = new ArrayList<>(List.of("cafile " + certificates.ca.cert(),
                "certfile " + certificates.server.cert(), "keyfile " + certificates.server.key()));
        lines.addAll(List.of(more));
        lines.addAll(List.of("listener " + plainPort + " 127.0.0.1"));
        return MosquittoBroker.start(lines.toArray(new String[0]));
    }

    /** A Fountain broker with a plain listener for the test's clients, and a TLS one on {@code host}. */
    private static Broker fountainWithTls(String host) throws Exception {
        Tls tls = Tls.builder(certificates.server.cert(), certificates.server.key()).build();
        return TestBrokers.start(config -> config.listener(Listener.mqtt(0, host).withTls(tls)));
    }

    private static int tlsPort(Broker broker) {
        return broker.addresses().get(1).getPort();
    }

    @Test
    @Tag("interop")
    void aBridgeWithBridgeCafileCarriesMessagesBothWaysOverTlsToMosquitto() throws Exception {
        int plain = MosquittoBroker.freePort();
        try (MosquittoBroker mosquitto = mosquittoWithTls(plain);
             Broker broker = fountain(dir, bridge("127.0.0.1:" + mosquitto.port(),
                     "bridge_cafile " + certificates.ca.cert()));
             PahoClient state = watchState(broker.port(), "state");
             PahoClient local = PahoClient.connect(broker.port(), "local").subscribe("down/#", 1);
             PahoClient remote = PahoClient.connect(plain, "remote").subscribe("up/#", 1)) {
            awaitState(state, "1");

            local.publish("up/hello", "from the edge", 1, false);
            remote.publish("down/hello", "from the cloud", 1, false);

            assertThat(remote.next()).extracting(PahoClient.Received::topic, PahoClient.Received::payload)
                    .containsExactly("up/hello", "from the edge");
            assertThat(local.next()).extracting(PahoClient.Received::topic, PahoClient.Received::payload)
                    .containsExactly("down/hello", "from the cloud");
        }
    }

    @Test
    @Tag("interop")
    void aBridgePresentsItsCertificateWhereMosquittoRequiresOne() throws Exception {
        Pair alice = certificates.alice;
        try (MosquittoBroker mosquitto = mosquittoWithTls(MosquittoBroker.freePort(), "require_certificate true");
             Broker broker = fountain(dir, bridge("127.0.0.1:" + mosquitto.port(),
                     "bridge_cafile " + certificates.ca.cert(), "bridge_certfile " + alice.cert(),
                     "bridge_keyfile " + alice.key()));
             PahoClient state = watchState(broker.port(), "state")) {
            awaitState(state, "1");
        }
    }

    @Test
    void aRemoteCertificateFromAnotherCaIsRefusedAndSaidSo() throws Exception {
        try (Broker remote = fountainWithTls("127.0.0.1");
             Broker broker = fountain(dir, bridge("127.0.0.1:" + tlsPort(remote),
                     "bridge_cafile " + certificates.rogueCa.cert()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> read(log(dir)).contains(
                    "Error creating bridge: TLS handshake with 127.0.0.1:" + tlsPort(remote) + " failed"));
            assertThat(remote.sessionCount()).isZero();
        }
    }

    /**
     * 127.0.0.2 is this machine too, but not a name in the certificate: the bridge refuses it unless
     * bridge_insecure says not to check.
     */
    @Test
    void theRemoteHostNameIsCheckedUnlessBridgeInsecure() throws Exception {
        try (Broker remote = fountainWithTls("127.0.0.2")) {
            String address = "127.0.0.2:" + tlsPort(remote);
            try (Broker checking = fountain(dir, bridge(address, "bridge_cafile " + certificates.ca.cert()))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log(dir)).contains(
                        "Error creating bridge: TLS handshake with " + address + " failed"));
            }
            try (Broker insecure = fountain(dir, bridge(address, "bridge_cafile " + certificates.ca.cert(),
                    "bridge_insecure true"));
                 PahoClient state = watchState(insecure.port(), "state")) {
                awaitState(state, "1");
            }
        }
    }

    @Test
    void aCaFileThatHoldsNoCertificateStopsTheBrokerNamingItsLine() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-a-ca.crt"), "hello\n");

        assertThatThrownBy(() -> fountain(dir, bridge("127.0.0.1:1883", "bridge_cafile " + notPem)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("fountain.conf") + ":9: bridge_cafile '" + notPem + "': no PEM certificate in "
                        + "it (-----BEGIN CERTIFICATE-----)");
    }

    @Test
    void aKeyThatIsNotTheCertificatesStopsTheBrokerNamingTheKeyLine() throws Exception {
        assertThatThrownBy(() -> fountain(dir, bridge("127.0.0.1:1883", "bridge_cafile " + certificates.ca.cert(),
                "bridge_certfile " + certificates.alice.cert(), "bridge_keyfile " + certificates.server.key())))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("fountain.conf") + ":11: bridge_keyfile '" + certificates.server.key()
                        + "' is not the private key of the certificate in bridge_certfile '"
                        + certificates.alice.cert() + "'");
    }
}
