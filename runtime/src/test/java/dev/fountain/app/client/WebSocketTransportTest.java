package dev.fountain.app.client;

import static org.awaitility.Awaitility.await;

import dev.fountain.app.RunningApp;
import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A ws:// URL: the application reaches its broker over MQTT over WebSocket. */
class WebSocketTransportTest {

    private Broker broker;
    private RunningApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        broker.close();
        GardenRoutes.EVENTS.clear();
    }

    @Test
    void handlersWorkOverWebSocket() throws Exception {
        broker = Broker.builder().configure(config -> config.listener(Listener.mqtt(0, "127.0.0.1"))
                .listener(Listener.websockets(0, "127.0.0.1")).allowAnonymous(true)).build().start();
        String url = "ws://127.0.0.1:" + broker.port(Listener.Protocol.WEBSOCKETS) + "/mqtt";
        app = ClientApps.start(broker.port(), "over-websocket", GardenRoutes.table(),
                Map.of("fountain.broker.url", url));
        try (Device device = new Device(broker.port(Listener.Protocol.MQTT))) {
            device.publish("home/garden/fountain/6", "on");
            await().until(() -> GardenRoutes.EVENTS.contains("fountain 6 on"));
        }
    }
}
