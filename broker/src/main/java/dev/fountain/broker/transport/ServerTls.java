package dev.fountain.broker.transport;

import dev.fountain.broker.config.Tls;
import dev.fountain.broker.log.BrokerLog;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The TLS of one listener: a JDK {@link SslContext} built once, at startup, from the listener's
 * PEM files, and the stages each of its connections starts with. Whatever can be wrong with the
 * files is found here, so that a broker with a bad certificate or a key of another certificate
 * does not start, rather than failing every handshake.
 */
final class ServerTls {

    private final SslContext context;
    private final Tls.Username username;
    private final BrokerLog log;

    private ServerTls(SslContext context, Tls.Username username, BrokerLog log) {
        this.context = context;
        this.username = username;
        this.log = log;
    }

    /** @throws IOException naming the file that cannot be used, and why */
    static ServerTls create(Tls tls, BrokerLog log) throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(tls.certFile(), "certfile");
        PrivateKey key = PemFiles.privateKey(tls.keyFile(), "keyfile");
        if (!PemFiles.isKeyOf(key, chain.get(0))) {
            throw new IOException("keyfile '" + tls.keyFile() + "' is not the private key of the certificate in "
                    + "certfile '" + tls.certFile() + "'");
        }
        warnIfOutOfDate(chain.get(0), tls.certFile(), log);
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(new X509Certificate[0]))
                .sslProvider(SslProvider.JDK)
                .protocols(tls.minimumVersion().protocols())
                .clientAuth(tls.requireCertificate() ? ClientAuth.REQUIRE : ClientAuth.NONE);
        List<X509Certificate> authorities = authorities(tls);
        if (!authorities.isEmpty()) {
            builder.trustManager(authorities);
        }
        List<String> suites = cipherSuites(tls);
        if (!suites.isEmpty()) {
            builder.ciphers(suites, IdentityCipherSuiteFilter.INSTANCE);
        }
        try {
            return new ServerTls(builder.build(), tls.username(), log);
        } catch (SSLException e) {
            throw new IOException("cannot set up TLS with certfile '" + tls.certFile() + "': " + e.getMessage(), e);
        }
    }

    /** Adds the TLS stages in front of whatever the listener speaks. */
    void addTo(ChannelPipeline pipeline) {
        pipeline.addLast("tls", context.newHandler(pipeline.channel().alloc()));
        pipeline.addLast("tls-handshake", new TlsHandshakeHandler(username, log));
    }

    private static void warnIfOutOfDate(X509Certificate certificate, Path file, BrokerLog log) {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            log.warning("certfile '" + file + "': the certificate expired on " + certificate.getNotAfter()
                    + ", so clients will refuse it.");
        } catch (CertificateNotYetValidException e) {
            log.warning("certfile '" + file + "': the certificate is valid only from " + certificate.getNotBefore()
                    + ", so clients will refuse it until then.");
        }
    }

    /** The CA certificates of cafile and of every file in capath that holds any. */
    private static List<X509Certificate> authorities(Tls tls) throws IOException {
        List<X509Certificate> authorities = new ArrayList<>();
        if (tls.caFile() != null) {
            authorities.addAll(PemFiles.certificates(tls.caFile(), "cafile"));
        }
        if (tls.caPath() != null) {
            int before = authorities.size();
            List<Path> files;
            try (Stream<Path> entries = Files.list(tls.caPath())) {
                files = entries.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new IOException("capath '" + tls.caPath() + "': cannot list it: " + e, e);
            }
            for (Path file : files) {
                authorities.addAll(PemFiles.certificatesIfAny(file, "capath"));
            }
            if (authorities.size() == before) {
                throw new IOException("capath '" + tls.caPath() + "': no PEM certificate in any file of it");
            }
        }
        return authorities;
    }

    /**
     * The suites to enable, or none for Netty's defaults. Mosquitto's {@code ciphers} restricts
     * TLS 1.2 and {@code ciphers_tls1.3} TLS 1.3; the JDK has one list for both, so the version not
     * restricted keeps the JDK's default suites.
     */
    private static List<String> cipherSuites(Tls tls) throws IOException {
        if (tls.cipherSuites().isEmpty() && tls.tls13CipherSuites().isEmpty()) {
            return List.of();
        }
        SSLParameters defaults;
        Set<String> supported;
        try {
            SSLContext jdk = SSLContext.getDefault();
            defaults = jdk.getDefaultSSLParameters();
            supported = Set.of(jdk.getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("the JDK has no default TLS implementation: " + e.getMessage(), e);
        }
        List<String> suites = new ArrayList<>(tls.tls13CipherSuites().isEmpty()
                ? Stream.of(defaults.getCipherSuites()).filter(ServerTls::isTls13).toList()
                : tls.tls13CipherSuites());
        suites.addAll(tls.cipherSuites().isEmpty()
                ? Stream.of(defaults.getCipherSuites()).filter(suite -> !isTls13(suite)).toList()
                : tls.cipherSuites());
        List<String> unsupported = suites.stream().filter(suite -> !supported.contains(suite)).toList();
        if (!unsupported.isEmpty()) {
            throw new IOException("ciphers: the JDK does not support " + String.join(", ", unsupported));
        }
        return suites;
    }

    /** The TLS 1.3 suites the JDK has (TLS 1.3 suites name no key exchange, unlike all older ones). */
    private static boolean isTls13(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
    }
}
