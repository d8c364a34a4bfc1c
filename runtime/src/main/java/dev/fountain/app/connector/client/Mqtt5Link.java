package dev.fountain.app.connector.client;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import dev.fountain.app.connector.Delivery;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A {@link Link} over MQTT 5, with Receive Maximum as the route's flow control. */
final class Mqtt5Link implements Link {

    private final Mqtt5AsyncClient client;
    private final Reconnection reconnection;

    Mqtt5Link(ClientSettings settings, String clientId, int receiveMaximum, Reconnection reconnection,
            Consumer<Delivery> inbound) {
        this.reconnection = reconnection;
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .transportConfig(reconnection.firstTransport())
                .addConnectedListener(reconnection).addDisconnectedListener(reconnection);
        if (settings.username() != null) {
            builder.simpleAuth().username(settings.username()).password(settings.password()).applySimpleAuth();
        }
        this.client = builder.buildAsync();
        // Registered before connecting: a resumed session's queued messages arrive right after CONNACK,
        // and the client acknowledges at once a message no flow is there to take.
        // Delivered on the client's Netty thread (the callback only hands off): without an executor the
        // client would move every message through RxJava's computation pool first, and buffer and
        // drop there, logging each drop, when a QoS 0 burst outran the pool.
        client.publishes(MqttGlobalPublishFilter.ALL,
                publish -> inbound.accept(new Mqtt5Delivery(publish, publish.getTopic().toString())), Runnable::run,
                true);
        client.connectWith().cleanStart(false).sessionExpiryInterval(settings.sessionExpirySeconds())
                .keepAlive(settings.keepAliveSeconds())
                .restrictions().receiveMaximum(receiveMaximum).applyRestrictions()
                .send();
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
        // A resubscription (after a reconnect, or on a session the broker kept across our restart)
        // must not bring the retained messages the handler already had.
        return client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos))
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send()
                .thenApply(subAck -> null);
    }

    /**
     * The same SUBSCRIBE again, beside the client's own resubscription: whichever of the two the
     * broker takes first, retained messages come once (retain handling 1 sends them only for a new
     * subscription), and what one is refused the other is.
     */
    @Override
    public CompletableFuture<Void> resubscribed(String filter, int qos) {
        return subscribe(filter, qos);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain,
            byte[] correlationData) {
        Mqtt5PublishBuilder.Send.Complete<CompletableFuture<Mqtt5PublishResult>> publish = client.publishWith()
                .topic(topic).payload(payload).qos(qos(qos)).retain(retain);
        if (correlationData != null) {
            publish.correlationData(correlationData);
        }
        return publish.send().thenCompose(result -> result.getError()
                .map(CompletableFuture::<Void>failedFuture).orElseGet(() -> CompletableFuture.completedFuture(null)));
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        reconnection.close(client::disconnect);
        return client.disconnect();
    }

    static MqttQos qos(int qos) {
        MqttQos level = MqttQos.fromCode(qos);
        if (level == null) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, not " + qos);
        }
        return level;
    }

    /** A received PUBLISH as the runtime reads it; {@link #done()} sends its PUBACK or PUBREC. */
    /** @param topic read once: the dispatcher and the handler's view both ask for it. */
    private record Mqtt5Delivery(Mqtt5Publish publish, String topic) implements Delivery {
        @Override
        public int qos() {
            return publish.getQos().getCode();
        }

        @Override
        public boolean retained() {
            return publish.isRetain();
        }

        /** HiveMQ's client does not expose the DUP flag; a redelivery looks like a first delivery. */
        @Override
        public boolean duplicate() {
            return false;
        }

        @Override
        public ByteBuffer payload() {
            return publish.getPayload().map(ByteBuffer::asReadOnlyBuffer).orElseGet(() -> ByteBuffer.allocate(0));
        }

        @Override
        public String contentType() {
            return publish.getContentType().map(Object::toString).orElse(null);
        }

        @Override
        public String responseTopic() {
            return publish.getResponseTopic().map(Object::toString).orElse(null);
        }

        @Override
        public byte[] correlationData() {
            return publish.getCorrelationData().map(data -> {
                byte[] bytes = new byte[data.remaining()];
                data.duplicate().get(bytes);
                return bytes;
            }).orElse(null);
        }

        @Override
        public String userProperty(String name) {
            for (Mqtt5UserProperty property : publish.getUserProperties().asList()) {
                if (property.getName().toString().equals(name)) {
                    return property.getValue().toString();
                }
            }
            return null;
        }

        @Override
        public void done() {
            if (publish.getQos() != MqttQos.AT_MOST_ONCE) {
                publish.acknowledge();
            }
        }
    }
}
