package dev.fountain.broker.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener's certificate-based TLS, in Mosquitto's keys. The files are PEM, as Mosquitto reads
 * them; their contents are checked when the broker starts.
 *
 * @param certFile the server's certificate chain, its own certificate first ({@code certfile})
 * @param keyFile its unencrypted private key: PKCS#8, PKCS#1 RSA or SEC1 EC ({@code keyfile})
 * @param caFile CA certificates client certificates are checked against, or {@code null} ({@code cafile})
 * @param caPath a directory of such CA certificates, or {@code null} ({@code capath})
 * @param requireCertificate whether clients must present a certificate a CA signed
 *     ({@code require_certificate}); without it none is asked for, as in Mosquitto
 * @param username where a client's user name comes from
 * @param minimumVersion the oldest TLS version offered ({@code tls_version})
 * @param cipherSuites TLS 1.2 cipher suites by their Java (IANA) names, or empty for the JDK's
 *     defaults ({@code ciphers})
 * @param tls13CipherSuites TLS 1.3 cipher suites, or empty for the JDK's defaults
 *     ({@code ciphers_tls1.3})
 */
public record Tls(Path certFile, Path keyFile, Path caFile, Path caPath, boolean requireCertificate,
        Username username, Version minimumVersion, List<String> cipherSuites, List<String> tls13CipherSuites) {

    /** Where a client's user name comes from. */
    public enum Username {
        /** Its CONNECT packet, checked against the password file. */
        CONNECT,
        /** The CN of its certificate's subject ({@code use_identity_as_username}). */
        CERTIFICATE_COMMON_NAME,
        /** Its certificate's whole subject, as RFC 2253 writes it ({@code use_subject_as_username}). */
        CERTIFICATE_SUBJECT
    }

    /** The oldest TLS version a listener offers; Mosquitto's {@code tls_version} sets the same minimum. */
    public enum Version {
        TLS_1_2(List.of("TLSv1.3", "TLSv1.2")),
        TLS_1_3(List.of("TLSv1.3"));

        private final List<String> protocols;

        Version(List<String> protocols) {
            this.protocols = protocols;
        }

        /** The JSSE names of the versions offered, newest first. */
        public List<String> protocols() {
            return protocols;
        }
    }

    public Tls {
        if (certFile == null || keyFile == null) {
            throw new IllegalArgumentException("TLS needs both a certificate file and a key file");
        }
        if (requireCertificate && caFile == null && caPath == null) {
            throw new IllegalArgumentException(
                    "requiring client certificates needs a CA file or directory to check them against");
        }
        if (username != Username.CONNECT && !requireCertificate) {
            throw new IllegalArgumentException("a user name from the client certificate needs requireCertificate");
        }
        cipherSuites = List.copyOf(cipherSuites);
        tls13CipherSuites = List.copyOf(tls13CipherSuites);
    }

    /** TLS with the certificate in {@code certFile} and its key in {@code keyFile}, otherwise Mosquitto's defaults. */
    public static Builder builder(Path certFile, Path keyFile) {
        return new Builder(certFile, keyFile);
    }

    /** Collects the optional parts; {@link #build()} checks they fit together. */
    public static final class Builder {
        private final Path certFile;
        private final Path keyFile;
        private Path caFile;
        private Path caPath;
        private boolean requireCertificate;
        private Username username = Username.CONNECT;
        private Version minimumVersion = Version.TLS_1_2;
        private final List<String> cipherSuites = new ArrayList<>();
        private final List<String> tls13CipherSuites = new ArrayList<>();

        private Builder(Path certFile, Path keyFile) {
            this.certFile = certFile;
            this.keyFile = keyFile;
        }

        public Builder caFile(Path file) {
            this.caFile = file;
            return this;
        }

        public Builder caPath(Path directory) {
            this.caPath = directory;
            return this;
        }

        public Builder requireCertificate(boolean require) {
            this.requireCertificate = require;
            return this;
        }

        public Builder username(Username source) {
            this.username = source;
            return this;
        }

        public Builder minimumVersion(Version version) {
            this.minimumVersion = version;
            return this;
        }

        /** TLS 1.2 cipher suites by their Java names, replacing those given before. */
        public Builder cipherSuites(List<String> suites) {
            cipherSuites.clear();
            cipherSuites.addAll(suites);
            return this;
        }

        /** TLS 1.3 cipher suites, replacing those given before. */
        public Builder tls13CipherSuites(List<String> suites) {
            tls13CipherSuites.clear();
            tls13CipherSuites.addAll(suites);
            return this;
        }

        public Tls build() {
            return new Tls(certFile, keyFile, caFile, caPath, requireCertificate, username, minimumVersion,
                    cipherSuites, tls13CipherSuites);
        }
    }
}
