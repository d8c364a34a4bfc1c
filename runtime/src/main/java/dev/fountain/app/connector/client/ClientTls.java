package dev.fountain.app.connector.client;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import dev.fountain.broker.TlsFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS of {@code mqtts://} and {@code wss://} connections: whom to trust (the JVM's authorities,
 * a PEM file of CA certificates, or a trust store) and what to present when the broker asks for a
 * client certificate (PEM certificate and key, as Mosquitto's clients take them, or a key store).
 * The broker's host name is always checked against its certificate. Every file is read at startup,
 * so a wrong path or a key of another certificate stops the application with the setting named,
 * rather than failing each handshake later.
 */
final class ClientTls {

    static final String CA_FILE = "fountain.broker.tls.ca-file";
    static final String TRUST_STORE = "fountain.broker.tls.trust-store";
    static final String TRUST_STORE_PASSWORD = "fountain.broker.tls.trust-store-password";
    static final String CERT_FILE = "fountain.broker.tls.cert-file";
    static final String KEY_FILE = "fountain.broker.tls.key-file";
    static final String KEY_STORE = "fountain.broker.tls.key-store";
    static final String KEY_STORE_PASSWORD = "fountain.broker.tls.key-store-password";
    private static final List<String> KEYS = List.of(CA_FILE, TRUST_STORE, TRUST_STORE_PASSWORD, CERT_FILE, KEY_FILE,
            KEY_STORE, KEY_STORE_PASSWORD);

    private ClientTls() {
    }

    /**
     * The TLS every connection uses when its URL asks for TLS.
     *
     * @throws IllegalArgumentException naming the setting that cannot work, and why
     */
    static MqttClientSslConfig read(Function<String, Optional<String>> config, List<BrokerAddress> brokers) {
        List<String> given = KEYS.stream().filter(key -> config.apply(key).isPresent()).toList();
        if (!given.isEmpty() && brokers.stream().noneMatch(BrokerAddress::tls)) {
            throw new IllegalArgumentException(String.join(", ", given) + " set, but no URL of " + brokers
                    + " uses TLS: write mqtts:// or wss://");
        }
        MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder();
        Optional<String> caFile = config.apply(CA_FILE);
        Optional<String> trustStore = config.apply(TRUST_STORE);
        if (caFile.isPresent() && trustStore.isPresent()) {
            throw new IllegalArgumentException(CA_FILE + " and " + TRUST_STORE + " are both set: trust one or the other");
        }
        if (caFile.isPresent()) {
            builder.trustManagerFactory(trustFromPem(caFile.get()));
        }
        if (trustStore.isPresent()) {
            builder.trustManagerFactory(trustFromStore(trustStore.get(), config.apply(TRUST_STORE_PASSWORD)));
        }
        Optional<String> certFile = config.apply(CERT_FILE);
        Optional<String> keyFile = config.apply(KEY_FILE);
        Optional<String> keyStore = config.apply(KEY_STORE);
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException(CERT_FILE + " and " + KEY_FILE + " go together: "
                    + (certFile.isPresent() ? KEY_FILE : CERT_FILE) + " is not set");
        }
        if (certFile.isPresent() && keyStore.isPresent()) {
            throw new IllegalArgumentException(CERT_FILE + " and " + KEY_STORE
                    + " are both set: present one client certificate");
        }
        if (certFile.isPresent()) {
            builder.keyManagerFactory(identityFromPem(certFile.get(), keyFile.get()));
        }
        if (keyStore.isPresent()) {
            builder.keyManagerFactory(identityFromStore(keyStore.get(), config.apply(KEY_STORE_PASSWORD)));
        }
        return builder.build();
    }

    private static TrustManagerFactory trustFromPem(String caFile) {
        try {
            return TlsFiles.trustManagers(Path.of(caFile.strip()), CA_FILE);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static KeyManagerFactory identityFromPem(String certFile, String keyFile) {
        try {
            return TlsFiles.keyManagers(Path.of(certFile.strip()), CERT_FILE, Path.of(keyFile.strip()), KEY_FILE);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustFromStore(String file, Optional<String> password) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(file, password, TRUST_STORE));
            return trust;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(TRUST_STORE + " '" + file + "': " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory identityFromStore(String file, Optional<String> password) {
        KeyStore store = load(file, password, KEY_STORE);
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.map(String::toCharArray).orElse(new char[0]));
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(KEY_STORE + " '" + file + "': cannot use its key (" + e.getMessage()
                    + "); the key's password must be " + KEY_STORE_PASSWORD, e);
        }
    }

    /** A PKCS#12 or JKS store, whichever the file is. */
    private static KeyStore load(String file, Optional<String> password, String key) {
        try {
            return KeyStore.getInstance(new File(file.strip()), password.map(String::toCharArray).orElse(null));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(key + " '" + file + "': cannot read it as a PKCS#12 or JKS store ("
                    + e.getMessage() + ")", e);
        }
    }
}
