package dev.fountain.app;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.config.Listener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An application's web page: the files under {@code public/} on its class path
 * ({@code src/main/resources/public}), served by a WebSocket listener of the broker, so that
 * MQTT.js on the page talks to the same broker that serves it, from {@code ws://<host>/mqtt}.
 *
 * <p>A WebSocket listener the configuration already has serves them when it names no
 * {@code http_dir} of its own; otherwise one is added on {@code fountain.http.port} (8080;
 * {@code off} for none), on loopback when the broker is local only, like its MQTT listeners.
 */
final class WebPage {

    static final String PORT_KEY = "fountain.http.port";
    private static final String FOLDER = "public/";

    private WebPage() {
    }

    /** The {@code public/} folder on {@code loader}'s class path, in a directory or a jar; or {@code null}. */
    static Path find(ClassLoader loader) {
        URL index = loader.getResource(FOLDER + "index.html");
        if (index == null) {
            return null;
        }
        try {
            URI uri = index.toURI();
            if (uri.getScheme().equals("jar")) {
                return jarFileSystem(uri).getPath("/" + FOLDER);
            }
            return Path.of(uri).getParent();
        } catch (URISyntaxException | IOException e) {
            throw new StartupException("cannot read the web page's folder " + index + ": " + e.getMessage(), e);
        }
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            return FileSystems.getFileSystem(uri);
        }
    }

    /**
     * Serves {@code folder} from the broker that {@code config} describes, and the application's
     * {@code /metrics}, {@code /health} and status page beside it; with no folder ({@code null}),
     * those alone, on {@code fountain.http.port}.
     */
    static void serve(BrokerConfig.Builder config, Path folder, AppConfig settings) {
        if (folder != null && !Files.isDirectory(folder)) {
            throw new UncheckedIOException(new IOException(folder + " is not a directory"));
        }
        List<Listener> configured = config.listeners();
        boolean served = false;
        for (int i = 0; i < configured.size(); i++) {
            Listener listener = configured.get(i);
            if (listener.protocol() == Listener.Protocol.WEBSOCKETS && folder != null) {
                served = true;
                if (listener.httpDir() == null) {
                    config.replaceListener(i, listener.withHttpDir(folder));
                }
            }
        }
        Integer number = port(settings);
        if (served || number == null) {
            return;
        }
        String bind = configured.isEmpty() ? "127.0.0.1" : null;
        config.applicationListener(Listener.websockets(number, bind).withHttpDir(folder));
    }

    /** {@code fountain.http.port}: 8080 unless set, {@code null} for {@code off}. */
    static Integer port(AppConfig settings) {
        String port = settings.get(PORT_KEY).orElse("8080").strip();
        if (port.equals("off")) {
            return null;
        }
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new StartupException(PORT_KEY + ": expected a port number or 'off', found '" + port + "'");
        }
    }
}
