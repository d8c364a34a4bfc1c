package dev.fountain.broker.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * A bridge's TLS to its remote broker, in Mosquitto's keys. As in Mosquitto, a bridge speaks TLS
 * when it has CA certificates to check the remote broker with ({@code bridge_cafile} or
 * {@code bridge_capath}); a client certificate is optional. The files are PEM, read when the
 * broker starts.
 *
 * @param caFile CA certificates the remote broker's certificate is checked against, or {@code null}
 * @param caPath a directory of such CA certificates, or {@code null}
 * @param certFile the certificate this bridge presents, or {@code null} for none
 * @param keyFile the private key of {@code certFile}, or {@code null}
 * @param insecure {@code bridge_insecure}: whether the remote broker's certificate may name
 *     another host than the address connected to
 * @param origins where each key was set in the configuration file, so that a file that turns out
 *     to be unusable at startup is reported with its line; empty when configured in code
 */
public record BridgeTls(Path caFile, Path caPath, Path certFile, Path keyFile, boolean insecure,
        Map<String, Origin> origins) {

    /** A line of a configuration file. */
    public record Origin(Path file, int line) {
    }

    public BridgeTls {
        if (caFile == null && caPath == null) {
            throw new IllegalArgumentException("a bridge uses TLS when it has bridge_cafile or bridge_capath to check "
                    + "the remote broker with; neither is set");
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException(certFile == null
                    ? "bridge_keyfile needs bridge_certfile, the certificate of this key"
                    : "bridge_certfile needs bridge_keyfile, the private key of this certificate");
        }
        origins = Map.copyOf(origins);
    }

    /** TLS configured in code: trust {@code caFile}, present no certificate, check the host name. */
    public static BridgeTls trusting(Path caFile) {
        return new BridgeTls(caFile, null, null, null, false, Map.of());
    }

    /**
     * A problem with the file of {@code key}, at the line that named it when there is one: the
     * message names the key and the file already.
     */
    public ConfigException problem(String key, String message) {
        Origin origin = origins.get(key);
        return origin == null ? new ConfigException(message) : new ConfigException(origin.file(), origin.line(), null,
                message);
    }
}
