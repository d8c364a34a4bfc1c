package dev.fountain.broker.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys from PEM files, as Mosquitto's {@code certfile}, {@code keyfile}
 * and {@code cafile} hold them. Text around the blocks (OpenSSL's "Bag Attributes", comments) is
 * skipped. Keys may be PKCS#8, which the JDK reads, or OpenSSL's traditional PKCS#1 RSA and SEC1 EC
 * forms, which are rewrapped as PKCS#8 here so that keys made by older OpenSSL versions or
 * {@code openssl ecparam -genkey} work unchanged. Public for the broker's root package, which gives
 * the same reading to connections the process makes to other brokers.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String CONVERT =
            "; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8";

    private PemFiles() {
    }

    /**
     * Every certificate in {@code file}, in order; at least one.
     *
     * @param key the setting that named the file, for messages
     * @throws IOException naming the file when it cannot be read or holds no valid certificate
     */
    public static List<X509Certificate> certificates(Path file, String key) throws IOException {
        List<X509Certificate> certificates = certificatesIfAny(file, key);
        if (certificates.isEmpty()) {
            throw new IOException(key + " '" + file + "': no PEM certificate in it (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * Every certificate in {@code file}, none when it holds none: a {@code capath} directory also
     * holds revocation lists and other files.
     *
     * @throws IOException naming the file when it cannot be read or a certificate in it is broken
     */
    public static List<X509Certificate> certificatesIfAny(Path file, String key) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = BLOCK.matcher(read(file, key));
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (block.find()) {
                if (block.group(1).equals("CERTIFICATE") || block.group(1).equals("TRUSTED CERTIFICATE")) {
                    byte[] der = decode(block.group(2), file, key);
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(key + " '" + file + "': not a valid certificate: " + e.getMessage(), e);
        }
        return certificates;
    }

    /**
     * The unencrypted private key in {@code file}.
     *
     * @param key the setting that named the file, for messages
     * @throws IOException naming the file when it cannot be read, holds no key, or an encrypted one
     */
    public static PrivateKey privateKey(Path file, String key) throws IOException {
        Matcher block = BLOCK.matcher(read(file, key));
        while (block.find()) {
            String type = block.group(1);
            String body = block.group(2);
            // OpenSSL's traditional encrypted keys say so in a "Proc-Type: 4,ENCRYPTED" header.
            if (type.equals("ENCRYPTED PRIVATE KEY") || body.contains("Proc-Type:")) {
                throw new IOException(key + " '" + file + "': the key is encrypted, and Fountain, like a Mosquitto "
                        + "running as a service, has no passphrase to decrypt it" + CONVERT);
            }
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(decode(body, file, key), file, key);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(Der.rsaPkcs8(decode(body, file, key)), file, key);
                }
                case "EC PRIVATE KEY" -> {
                    byte[] sec1 = decode(body, file, key);
                    byte[] wrapped = Der.ecPkcs8(sec1);
                    if (wrapped == null) {
                        throw new IOException(key + " '" + file + "': the EC key does not name its curve" + CONVERT);
                    }
                    return pkcs8(wrapped, file, key);
                }
                default -> {
                    // Another block, such as openssl ecparam's "EC PARAMETERS" before the key.
                }
            }
        }
        throw new IOException(key + " '" + file + "': no PEM private key in it (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(byte[] der, Path file, String key) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // Not this algorithm's key: try the next.
            }
        }
        throw new IOException(key + " '" + file + "': not an RSA, EC or EdDSA private key the JDK can read" + CONVERT);
    }

    /**
     * Whether {@code key} signs what the certificate's public key verifies. The JDK would accept a
     * key of another certificate and fail each handshake instead.
     */
    public static boolean isKeyOf(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] challenge = "fountain".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(Path file, String key) throws IOException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException(key + " '" + file + "': cannot read it: " + e, e);
        }
    }

    private static byte[] decode(String base64, Path file, String key) throws IOException {
        try {
            return Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(key + " '" + file + "': broken PEM (" + e.getMessage() + ")", e);
        }
    }
}
