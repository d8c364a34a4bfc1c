package dev.fountain.broker.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made with the openssl command line while the tests run, so that no private key is
 * committed: a CA; a server certificate for 127.0.0.1 and localhost it signed; client certificates
 * it signed; and a second CA nobody trusts, with a client of its own. Keys are PKCS#8 PEM as
 * OpenSSL 3 writes them, with the traditional PKCS#1, SEC1 and encrypted forms made from them.
 * Without openssl the tests fail, saying what to install: they never skip.
 */
public final class TestCertificates {

    /** A certificate and its private key, both PEM. */
    public record Pair(Path cert, Path key) {
    }

    public final Path dir;
    public final Pair ca;
    public final Pair server;
    public final Pair ecServer;
    public final Pair alice;
    public final Pair nameless;
    public final Pair rogueCa;
    public final Pair mallory;

    private TestCertificates(Path dir) throws Exception {
        this.dir = dir;
        ca = authority("ca", "/CN=Fountain Test CA");
        server = signed("server", "/CN=localhost", ca, "rsa:2048", "serverAuth");
        ecServer = signed("ec-server", "/CN=localhost", ca, "ec", "serverAuth");
        alice = signed("alice", "/O=Fountain/OU=Devices/CN=alice", ca, "ec", "clientAuth");
        nameless = signed("nameless", "/O=Fountain/OU=Devices", ca, "ec", "clientAuth");
        rogueCa = authority("rogue-ca", "/CN=Rogue CA");
        mallory = signed("mallory", "/CN=alice", rogueCa, "ec", "clientAuth");
    }

    public static TestCertificates create(Path dir) throws Exception {
        return new TestCertificates(dir);
    }

    /** An RSA key as PKCS#1, "BEGIN RSA PRIVATE KEY", as OpenSSL before 3.0 wrote it. */
    public Path pkcs1(Path rsaKey) throws Exception {
        Path out = dir.resolve(rsaKey.getFileName() + ".pkcs1");
        openssl("rsa", "-in", rsaKey.toString(), "-out", out.toString(), "-traditional");
        return out;
    }

    /** An EC key as SEC1, "BEGIN EC PRIVATE KEY", as openssl ec and ecparam -genkey write it. */
    public Path sec1(Path ecKey) throws Exception {
        Path out = dir.resolve(ecKey.getFileName() + ".sec1");
        openssl("ec", "-in", ecKey.toString(), "-out", out.toString());
        return out;
    }

    /** {@code key} encrypted with a passphrase, as PKCS#8. */
    public Path encrypted(Path key) throws Exception {
        Path out = dir.resolve(key.getFileName() + ".encrypted");
        openssl("pkcs8", "-topk8", "-in", key.toString(), "-out", out.toString(), "-passout", "pass:secret");
        return out;
    }

    /** {@code pair} as a PKCS#12 key store protected by {@code password}, as {@code openssl pkcs12 -export} writes it. */
    public Path pkcs12(Pair pair, String password) throws Exception {
        Path out = dir.resolve(pair.cert().getFileName() + ".p12");
        openssl("pkcs12", "-export", "-in", pair.cert().toString(), "-inkey", pair.key().toString(), "-out",
                out.toString(), "-passout", "pass:" + password);
        return out;
    }

    /** A client context that trusts the test CA, speaks only {@code protocol}, and presents {@code client} if given. */
    public SSLContext clientContext(String protocol, Pair client) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", certificates(ca.cert()).get(0));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = null;
        if (client != null) {
            KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
            identity.load(null, null);
            char[] password = "test".toCharArray();
            identity.setKeyEntry("client", privateKey(client.key()), password,
                    certificates(client.cert()).toArray(new Certificate[0]));
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, password);
        }
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
        return context;
    }

    private Pair authority(String name, String subject) throws Exception {
        Pair pair = new Pair(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", pair.key().toString(), "-out", pair.cert().toString(), "-subj", subject, "-days", "2");
        return pair;
    }

    private Pair signed(String name, String subject, Pair issuer, String keyType, String usage) throws Exception {
        Pair pair = new Pair(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        Path request = dir.resolve(name + ".csr");
        Path extensions = dir.resolve(name + ".ext");
        Files.writeString(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=" + usage + "\n");
        List<String> req = new ArrayList<>(List.of("req", "-newkey", keyType));
        if (keyType.equals("ec")) {
            req.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
        }
        req.addAll(List.of("-nodes", "-keyout", pair.key().toString(), "-out", request.toString(), "-subj", subject));
        openssl(req.toArray(new String[0]));
        String serial = Long.toString(ThreadLocalRandom.current().nextLong(1, 1L << 62));
        openssl("x509", "-req", "-in", request.toString(), "-CA", issuer.cert().toString(), "-CAkey",
                issuer.key().toString(), "-set_serial", serial, "-days", "2", "-extfile", extensions.toString(),
                "-out", pair.cert().toString());
        return pair;
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("the TLS tests make their certificates with openssl, which cannot be run "
                    + "(Debian: apt-get install openssl): " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("%s failed: %s", String.join(" ", command), output);
        }
    }

    public static List<Certificate> certificates(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private static PrivateKey privateKey(Path pem) throws Exception {
        String text = Files.readString(pem);
        String base64 = text.substring(text.indexOf("-----", text.indexOf("BEGIN")) + 5, text.indexOf("-----END"));
        byte[] der = Base64.getMimeDecoder().decode(base64.strip());
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
