package dev.fountain.broker;

import dev.fountain.broker.config.Bridge;
import dev.fountain.broker.config.BridgeTls;
import dev.fountain.broker.config.ConfigException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client TLS of each bridge that has it, built once at startup from its PEM files with the
 * reader the listeners use ({@link TlsFiles}), so that a bad file stops the broker naming the key,
 * the file and the line, before any bridge connects.
 */
final class BridgeTlsContexts {

    private static final List<String> KEYS = List.of("bridge_cafile", "bridge_capath", "bridge_certfile",
            "bridge_keyfile");

    private BridgeTlsContexts() {
    }

    /** @return the context of each bridge with TLS, by bridge name */
    static Map<String, SslContext> of(List<Bridge> bridges) throws ConfigException {
        Map<String, SslContext> contexts = new HashMap<>();
        for (Bridge bridge : bridges) {
            if (bridge.tls() != null) {
                contexts.put(bridge.name(), context(bridge.tls()));
            }
        }
        return contexts;
    }

    private static SslContext context(BridgeTls tls) throws ConfigException {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .trustManager(TlsFiles.trustManagers(tls.caFile(), "bridge_cafile", tls.caPath(), "bridge_capath"))
                    // bridge_insecure: no check that the certificate names the host connected to.
                    .endpointIdentificationAlgorithm(tls.insecure() ? null : "HTTPS");
            if (tls.certFile() != null) {
                builder.keyManager(TlsFiles.keyManagers(tls.certFile(), "bridge_certfile", tls.keyFile(),
                        "bridge_keyfile"));
            }
            return builder.build();
        } catch (IOException e) {
            // TlsFiles's messages start with the key of the file they are about.
            String key = KEYS.stream().filter(e.getMessage()::startsWith).findFirst().orElse(KEYS.get(0));
            throw tls.problem(key, e.getMessage());
        }
    }
}
