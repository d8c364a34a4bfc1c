package dev.fountain.app.connector.client;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.fountain.app.connector.Delivery;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link Link} over MQTT 3.1.1: no session expiry (a persistent session lasts until the broker's
 * own limit, Mosquitto's {@code persistent_client_expiration}), no Receive Maximum (the broker's
 * in-flight window, Mosquitto's {@code max_inflight_messages}, bounds what waits for acknowledgement),
 * no metadata, and a resubscription brings retained messages again.
 */
final class Mqtt3Link implements Link {

    private final Mqtt3AsyncClient client;
    private final Reconnection reconnection;

    Mqtt3Link(ClientSettings settings, String clientId, Reconnection reconnection, Consumer<Delivery> inbound) {
        this.reconnection = reconnection;
        Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3().identifier(clientId)
                .transportConfig(reconnection.firstTransport())
                .addConnectedListener(reconnection).addDisconnectedListener(reconnection);
        if (settings.username() != null) {
            builder.simpleAuth().username(settings.username()).password(settings.password()).applySimpleAuth();
        }
        this.client = builder.buildAsync();
        // Before connecting, as in Mqtt5Link: a resumed session's messages come right after CONNACK.
        // Delivered on the client's Netty thread (the callback only hands off): without an executor the
        // client would move every message through RxJava's computation pool first, and buffer and
        // drop there, logging each drop, when a QoS 0 burst outran the pool.
        client.publishes(MqttGlobalPublishFilter.ALL,
                publish -> inbound.accept(new Mqtt3Delivery(publish, publish.getTopic().toString())), Runnable::run,
                true);
        client.connectWith().cleanSession(false).keepAlive(settings.keepAliveSeconds()).send();
    }

    @Override
    public CompletableFuture<Void> connected() {
        return reconnection.connected();
    }

    @Override
    public boolean isConnected() {
        return reconnection.isConnected();
    }

    @Override
    public Optional<String> lastFailure() {
        return reconnection.lastFailure();
    }

    @Override
    public void onReconnected(Runnable action) {
        reconnection.onReconnected(action);
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, int qos) {
        return client.subscribeWith().topicFilter(filter).qos(Mqtt5Link.qos(qos)).send().thenApply(subAck -> null);
    }

    /** MQTT 3.1.1 has no Correlation Data: a reply reaches its Response Topic without it. */
    /**
     * Taken as acknowledged: in MQTT 3.1.1 a second SUBSCRIBE would bring the retained messages
     * again, so readiness after a reconnection follows the connection only.
     */
    @Override
    public CompletableFuture<Void> resubscribed(String filter, int qos) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain,
            byte[] correlationData) {
        return client.publishWith().topic(topic).payload(payload).qos(Mqtt5Link.qos(qos)).retain(retain).send()
                .thenApply(published -> null);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        reconnection.close(client::disconnect);
        return client.disconnect();
    }

    /** @param topic read once: the dispatcher and the handler's view both ask for it. */
    private record Mqtt3Delivery(Mqtt3Publish publish, String topic) implements Delivery {
        @Override
        public int qos() {
            return publish.getQos().getCode();
        }

        @Override
        public boolean retained() {
            return publish.isRetain();
        }

        @Override
        public boolean duplicate() {
            return false;
        }

        @Override
        public ByteBuffer payload() {
            return publish.getPayload().map(ByteBuffer::asReadOnlyBuffer).orElseGet(() -> ByteBuffer.allocate(0));
        }

        @Override
        public void done() {
            if (publish.getQos() != MqttQos.AT_MOST_ONCE) {
                publish.acknowledge();
            }
        }
    }
}
