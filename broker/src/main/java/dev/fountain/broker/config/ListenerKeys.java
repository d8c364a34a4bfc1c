package dev.fountain.broker.config;

import dev.fountain.broker.config.Listener.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TLS keys and {@code http_dir} of one listener. Mosquitto takes them in any order, so
 * {@code keyfile} may come before {@code certfile} and {@code protocol websockets} after
 * {@code http_dir}: they are collected while the files are read and checked against each other
 * once every file is read, each problem naming the line that has it.
 */
final class ListenerKeys {

    static final Set<String> KEYS = Set.of("http_dir", "certfile", "keyfile", "cafile", "capath",
            "require_certificate", "use_identity_as_username", "use_subject_as_username", "tls_version", "ciphers",
            "ciphers_tls1.3");

    private static final List<String> TLS_VERSIONS = List.of("tlsv1.3", "tlsv1.2", "tlsv1.1");

    /** The last line of each key, in the order the keys first appeared. */
    private final Map<String, ConfigLine> lines = new LinkedHashMap<>();
    private ConfigLine firstTlsRequest;
    private Path httpDir;
    private Path certFile;
    private Path keyFile;
    private Path caFile;
    private Path caPath;
    private boolean requireCertificate;
    private boolean identityAsUsername;
    private boolean subjectAsUsername;
    private Tls.Version minimumVersion = Tls.Version.TLS_1_2;
    private List<String> cipherSuites = List.of();
    private List<String> tls13CipherSuites = List.of();

    /**
     * Reads one line of {@link #KEYS}.
     *
     * @return whether the line asks for something, rather than repeating a default; such a line
     *     before any {@code listener} line opens Mosquitto's default listener
     */
    boolean read(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        boolean asks = true;
        switch (line.key()) {
            case "http_dir" -> httpDir = directory(line);
            case "certfile" -> certFile = readableFile(line);
            case "keyfile" -> keyFile = readableFile(line);
            case "cafile" -> caFile = readableFile(line);
            case "capath" -> caPath = directory(line);
            case "require_certificate" -> asks = requireCertificate = line.bool();
            case "use_identity_as_username" -> asks = identityAsUsername = line.bool();
            case "use_subject_as_username" -> asks = subjectAsUsername = line.bool();
            case "tls_version" -> minimumVersion = version(line, into);
            case "ciphers" -> cipherSuites = CipherNames.parse(line);
            case "ciphers_tls1.3" -> tls13CipherSuites = CipherNames.parse(line);
        }
        lines.put(line.key(), line);
        if (asks && firstTlsRequest == null && !line.key().equals("http_dir")) {
            firstTlsRequest = line;
        }
        return asks;
    }

    /** {@code listener} with what these lines ask of it. */
    Listener applyTo(Listener listener, BrokerConfig.Builder into) throws ConfigException {
        Listener result = listener;
        ConfigLine httpDirLine = lines.get("http_dir");
        if (httpDirLine != null && listener.protocol() == Protocol.WEBSOCKETS) {
            result = result.withHttpDir(httpDir);
        } else if (httpDirLine != null) {
            into.warning(httpDirLine.warning("only a websockets listener serves files; the mqtt listener on port "
                    + listener.port() + " ignores it"));
        }
        return firstTlsRequest == null ? result : result.withTls(tls());
    }

    private Tls tls() throws ConfigException {
        if (certFile == null && keyFile == null) {
            throw firstTlsRequest.error("needs certfile and keyfile on the same listener, which is not encrypted "
                    + "without them");
        }
        if (certFile == null) {
            throw lines.get("keyfile").error("needs certfile, the certificate of this key, on the same listener");
        }
        if (keyFile == null) {
            throw lines.get("certfile").error("needs keyfile, the private key of this certificate, on the same "
                    + "listener");
        }
        if (requireCertificate && caFile == null && caPath == null) {
            throw lines.get("require_certificate").error("needs cafile or capath on the same listener, the CA "
                    + "certificates to check client certificates against");
        }
        Tls.Username username = Tls.Username.CONNECT;
        if (identityAsUsername || subjectAsUsername) {
            ConfigLine asking = lines.get(identityAsUsername ? "use_identity_as_username" : "use_subject_as_username");
            if (!requireCertificate) {
                throw asking.error("needs require_certificate true: without a client certificate there is no "
                        + "identity to use");
            }
            // Mosquitto looks at use_identity_as_username first.
            username = identityAsUsername ? Tls.Username.CERTIFICATE_COMMON_NAME : Tls.Username.CERTIFICATE_SUBJECT;
        }
        return Tls.builder(certFile, keyFile).caFile(caFile).caPath(caPath).requireCertificate(requireCertificate)
                .username(username).minimumVersion(minimumVersion).cipherSuites(cipherSuites)
                .tls13CipherSuites(tls13CipherSuites).build();
    }

    private static Tls.Version version(ConfigLine line, BrokerConfig.Builder into) throws ConfigException {
        return switch (line.oneOf(TLS_VERSIONS)) {
            case "tlsv1.3" -> Tls.Version.TLS_1_3;
            case "tlsv1.2" -> Tls.Version.TLS_1_2;
            default -> {
                into.warning(line.warning("the JDK turns TLS 1.1 off as insecure, so the listener offers "
                        + "TLS 1.2 and 1.3, as with tlsv1.2"));
                yield Tls.Version.TLS_1_2;
            }
        };
    }

    /** A file named by {@code line} that exists and can be read; bridges check theirs the same way. */
    static Path readableFile(ConfigLine line) throws ConfigException {
        Path file = line.path("a file name");
        if (!Files.isRegularFile(file)) {
            throw line.error("cannot open '" + file + "': " + (Files.exists(file) ? "not a file" : "no such file"));
        }
        if (!Files.isReadable(file)) {
            throw line.error("cannot read '" + file + "': permission denied");
        }
        return file;
    }

    static Path directory(ConfigLine line) throws ConfigException {
        Path dir = line.path("a directory");
        if (!Files.isDirectory(dir)) {
            throw line.error("cannot open directory '" + dir + "'");
        }
        return dir;
    }
}
