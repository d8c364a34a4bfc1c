package dev.fountain.broker;

import dev.fountain.broker.transport.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust and identity from PEM files, read exactly as the broker reads its listeners' {@code cafile},
 * {@code capath}, {@code certfile} and {@code keyfile}, for the connections this process makes to
 * other brokers: the application's client mode, and bridges. One reader means one set of accepted
 * key formats and one set of error messages, whichever side of a connection a file is for.
 */
public final class TlsFiles {

    private TlsFiles() {
    }

    /**
     * Trusts the certificate authorities in {@code caFile}, and nothing else.
     *
     * @param key the setting that named the file, for messages
     * @throws IOException naming the setting and the file when it cannot be read or holds no certificate
     */
    public static TrustManagerFactory trustManagers(Path caFile, String key) throws IOException {
        return trust(PemFiles.certificates(caFile, key), key + " '" + caFile + "'");
    }

    /**
     * Trusts the certificate authorities in {@code caFile} and in every file of the directory
     * {@code caPath} that holds any, as Mosquitto's {@code bridge_cafile} and {@code bridge_capath}
     * do together; either may be {@code null}.
     *
     * @throws IOException naming the setting and the file or directory that cannot be used
     */
    public static TrustManagerFactory trustManagers(Path caFile, String fileKey, Path caPath, String pathKey)
            throws IOException {
        List<X509Certificate> authorities = new ArrayList<>();
        if (caFile != null) {
            authorities.addAll(PemFiles.certificates(caFile, fileKey));
        }
        if (caPath != null) {
            List<Path> files;
            try (Stream<Path> entries = Files.list(caPath)) {
                files = entries.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new IOException(pathKey + " '" + caPath + "': cannot list it: " + e, e);
            }
            int before = authorities.size();
            for (Path file : files) {
                authorities.addAll(PemFiles.certificatesIfAny(file, pathKey));
            }
            if (authorities.size() == before) {
                throw new IOException(pathKey + " '" + caPath + "': no PEM certificate in any file of it");
            }
        }
        return trust(authorities, caFile != null ? fileKey + " '" + caFile + "'" : pathKey + " '" + caPath + "'");
    }

    private static TrustManagerFactory trust(List<X509Certificate> authorities, String source) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return trust;
        } catch (GeneralSecurityException e) {
            throw new IOException(source + ": the JDK cannot trust these certificates: " + e.getMessage(), e);
        }
    }

    /**
     * Presents the certificate chain in {@code certFile} with the private key in {@code keyFile}.
     *
     * @throws IOException naming the setting and file that cannot be used, including a key that is
     *     not the certificate's, which the JDK would accept and every handshake would then fail on
     */
    public static KeyManagerFactory keyManagers(Path certFile, String certKey, Path keyFile, String keyKey)
            throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(certFile, certKey);
        PrivateKey privateKey = PemFiles.privateKey(keyFile, keyKey);
        if (!PemFiles.isKeyOf(privateKey, chain.get(0))) {
            throw new IOException(keyKey + " '" + keyFile + "' is not the private key of the certificate in " + certKey
                    + " '" + certFile + "'");
        }
        // The store lives only in memory; its password protects nothing and is never asked for.
        char[] password = new char[0];
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setKeyEntry("identity", privateKey, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IOException(certKey + " '" + certFile + "': the JDK cannot use this certificate and key: "
                    + e.getMessage(), e);
        }
    }
}
