package dev.fountain.app.client;

import dev.fountain.app.Fountain;
import dev.fountain.app.FountainBuilder;
import dev.fountain.app.RouteTable;
import dev.fountain.app.RunningApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/** Starts applications in client mode for tests. */
final class ClientApps {

    private ClientApps() {
    }

    static RunningApp start(int port, String clientId, RouteTable table, Map<String, String> properties) {
        FountainBuilder builder = Fountain.builder().routeTables(table)
                .property("fountain.broker.url", "mqtt://127.0.0.1:" + port)
                .property("fountain.client-id", clientId);
        properties.forEach(builder::property);
        return builder.start();
    }

    /** A loopback port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
