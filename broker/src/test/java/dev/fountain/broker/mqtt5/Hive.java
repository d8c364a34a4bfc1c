package dev.fountain.broker.mqtt5;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import java.util.concurrent.CompletableFuture;

/** HiveMQ's MQTT 5 client, built for tests, with a future that completes when the server disconnects it. */
final class Hive {

    final Mqtt5BlockingClient client;
    final CompletableFuture<Mqtt5DisconnectReasonCode> serverDisconnect = new CompletableFuture<>();

    private Hive(Mqtt5BlockingClient client) {
        this.client = client;
    }

    static Hive create(int port, String clientId) {
        CompletableFuture<Mqtt5DisconnectReasonCode> disconnect = new CompletableFuture<>();
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(port)
                .addDisconnectedListener(context -> {
                    if (context.getCause() instanceof Mqtt5DisconnectException e) {
                        disconnect.complete(e.getMqttMessage().getReasonCode());
                    }
                })
                .buildBlocking();
        Hive hive = new Hive(client);
        disconnect.whenComplete((code, failure) -> hive.serverDisconnect.complete(code));
        return hive;
    }
}
