package dev.fountain.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.config.Tls;
import dev.fountain.broker.testing.Programs;
import dev.fountain.broker.testing.Programs.Result;
import dev.fountain.broker.testing.TestBrokers;
import dev.fountain.broker.testing.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's mosquitto_pub against a TLS listener, with the options the Mosquitto TLS guide uses:
 * {@code --cafile} to check the broker, {@code --cert} and {@code --key} to be checked by it.
 */
@Tag("interop")
class MosquittoTlsInteropTest {

    @TempDir
    static Path certificatesDir;
    private static TestCertificates certificates;

    private Broker broker;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create(certificatesDir);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    /** A plain listener for the subscriber, then the TLS one. */
    private void start(Tls tls) throws Exception {
        broker = TestBrokers.start(config -> config.listener(Listener.mqtt(0, "127.0.0.1").withTls(tls)));
    }

    private String tlsPort() {
        return Integer.toString(broker.addresses().get(1).getPort());
    }

    private String tcp() {
        return "tcp://127.0.0.1:" + broker.port();
    }

    @Test
    void mosquittoPubWithTheCaFilePublishesOverTls() throws Exception {
        start(Tls.builder(certificates.server.cert(), certificates.server.key()).build());
        try (PahoOver subscriber = PahoOver.connect(tcp(), "subscriber", null)) {
            subscriber.subscribe("tls/#", 1);

            Result result = Programs.run("mosquitto_pub", "-h", "127.0.0.1", "-p", tlsPort(),
                    "--cafile", certificates.ca.cert().toString(), "-t", "tls/hello", "-m", "over TLS", "-q", "1");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(subscriber.next()).isEqualTo("tls/hello over TLS");
        }
    }

    @Test
    void mosquittoPubWithAClientCertificatePublishesWhereOneIsRequired() throws Exception {
        start(Tls.builder(certificates.server.cert(), certificates.server.key()).caFile(certificates.ca.cert())
                .requireCertificate(true).build());
        try (PahoOver subscriber = PahoOver.connect(tcp(), "subscriber", null)) {
            subscriber.subscribe("tls/#", 1);

            Result withCertificate = Programs.run("mosquitto_pub", "-h", "127.0.0.1", "-p", tlsPort(),
                    "--cafile", certificates.ca.cert().toString(), "--cert", certificates.alice.cert().toString(),
                    "--key", certificates.alice.key().toString(), "-t", "tls/alice", "-m", "signed", "-q", "1");
            Result without = Programs.run("mosquitto_pub", "-h", "127.0.0.1", "-p", tlsPort(),
                    "--cafile", certificates.ca.cert().toString(), "-t", "tls/anonymous", "-m", "unsigned", "-q", "1");

            assertThat(withCertificate.exitCode()).as(withCertificate.stderr()).isZero();
            assertThat(subscriber.next()).isEqualTo("tls/alice signed");
            assertThat(without.exitCode()).isNotZero();
        }
    }
}
