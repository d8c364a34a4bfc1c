package dev.fountain.broker.mqtt5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import dev.fountain.broker.Broker;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.TestBrokers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 with HiveMQ's client: what a client application sees of each feature. */
class Mqtt5Test {

    private Broker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBrokers.start(config -> config.maxKeepalive(120));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private Hive connected(String clientId) {
        Hive hive = Hive.create(broker.port(), clientId);
        hive.client.connect();
        return hive;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Mqtt5Publish receive(Mqtt5Publishes publishes) throws InterruptedException {
        Optional<Mqtt5Publish> publish = publishes.receive(5, TimeUnit.SECONDS);
        assertThat(publish).as("a message within 5 s").isPresent();
        return publish.get();
    }

    @Test
    void connackAnnouncesTheServersCapabilities() {
        Hive hive = Hive.create(broker.port(), "caps");
        Mqtt5ConnAck connack = hive.client.connectWith().keepAlive(600).send();
        // [MQTT-3.2.2-21]: a keep alive above max_keepalive is replaced by Server Keep Alive
        assertThat(connack.getServerKeepAlive()).hasValue(120);
        assertThat(connack.getRestrictions().isRetainAvailable()).isTrue();
        assertThat(connack.getRestrictions().isWildcardSubscriptionAvailable()).isTrue();
        assertThat(connack.getRestrictions().isSharedSubscriptionAvailable()).isTrue();
        assertThat(connack.getRestrictions().areSubscriptionIdentifiersAvailable()).isTrue();
        assertThat(connack.getRestrictions().getMaximumQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        assertThat(connack.getRestrictions().getTopicAliasMaximum()).isPositive();
        hive.client.disconnect();
    }

    @Test
    void anEmptyClientIdentifierIsAssignedOneAndTold() {
        Hive hive = Hive.create(broker.port(), "");
        Mqtt5ConnAck connack = hive.client.connect();
        // [MQTT-3.2.2-16]
        assertThat(connack.getAssignedClientIdentifier()).hasValueSatisfying(id -> assertThat(id.toString())
                .startsWith("auto-"));
        hive.client.disconnect();
    }

    @Test
    void userPropertiesContentTypeResponseTopicAndCorrelationDataReachTheSubscriber() throws Exception {
        Hive subscriber = connected("sub");
        Hive publisher = connected("pub");
        try (Mqtt5Publishes publishes = subscriber.client.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.client.subscribeWith().topicFilter("req/#").qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.client.publishWith().topic("req/lights").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("on"))
                    .contentType("text/plain").responseTopic("resp/lights").correlationData(utf8("42"))
                    .payloadFormatIndicator(com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator.UTF_8)
                    .userProperties().add("origin", "garden").add("origin", "shed").applyUserProperties().send();
            Mqtt5Publish received = receive(publishes);
            // [MQTT-3.3.2-20], [MQTT-3.3.2-15], [MQTT-3.3.2-16], [MQTT-3.3.2-17], [MQTT-3.3.2-18]
            assertThat(received.getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("text/plain"));
            assertThat(received.getResponseTopic()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("resp/lights"));
            assertThat(received.getCorrelationData()).hasValueSatisfying(d -> assertThat(StandardCharsets.UTF_8.decode(d)
                    .toString()).isEqualTo("42"));
            assertThat(received.getPayloadFormatIndicator()).isPresent();
            assertThat(received.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                    .containsExactly("origin=garden", "origin=shed");
        }
    }

    @Test
    void aMqtt311SubscriberGetsTheMessageWithoutProperties() throws Exception {
        Hive publisher = connected("pub");
        try (PahoClient legacy = PahoClient.connect(broker.port(), "legacy")) {
            legacy.subscribe("mixed/#", 1);
            publisher.client.publishWith().topic("mixed/a").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("from 5"))
                    .userProperties().add("k", "v").applyUserProperties().send();
            assertThat(legacy.next().payload()).isEqualTo("from 5");
        }
    }

    @Test
    void aMqtt5SubscriberGetsMessagesFromMqtt311Publishers() throws Exception {
        Hive subscriber = connected("sub");
        try (Mqtt5Publishes publishes = subscriber.client.publishes(MqttGlobalPublishFilter.ALL);
             PahoClient legacy = PahoClient.connect(broker.port(), "legacy")) {
            subscriber.client.subscribeWith().topicFilter("mixed/#").qos(MqttQos.AT_LEAST_ONCE).send();
            legacy.publish("mixed/b", "from 3.1.1", 1, false);
            Mqtt5Publish received = receive(publishes);
            assertThat(new String(received.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("from 3.1.1");
            assertThat(received.getUserProperties().asList()).isEmpty();
        }
    }

    @Test
    void anExpiredMessageIsNotDeliveredAndTheRestOfTheIntervalIsForwarded() throws Exception {
        Hive publisher = connected("pub");
        Hive subscriber = Hive.create(broker.port(), "away");
        subscriber.client.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        subscriber.client.subscribeWith().topicFilter("expiring/#").qos(MqttQos.AT_LEAST_ONCE).send();
        subscriber.client.disconnect();
        publisher.client.publishWith().topic("expiring/short").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("gone"))
                .messageExpiryInterval(1).send();
        publisher.client.publishWith().topic("expiring/long").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("kept"))
                .messageExpiryInterval(100).send();
        await().pollDelay(Duration.ofMillis(1200)).until(() -> true);
        try (Mqtt5Publishes publishes = subscriber.client.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.client.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            Mqtt5Publish kept = receive(publishes);
            // [MQTT-3.3.2-5]: the expired one is gone; [MQTT-3.3.2-6]: the rest of the interval is sent on
            assertThat(kept.getTopic().toString()).isEqualTo("expiring/long");
            assertThat(kept.getMessageExpiryInterval().orElseThrow()).isBetween(95L, 100L);
            assertThat(publishes.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
        }
    }

    @Test
    void aSessionOutlivesItsConnectionForTheExpiryIntervalOnly() {
        Hive client = Hive.create(broker.port(), "expiring");
        client.client.connectWith().cleanStart(true).sessionExpiryInterval(1).send();
        client.client.subscribeWith().topicFilter("x").send();
        client.client.disconnect();
        assertThat(broker.sessionCount()).isEqualTo(1);
        // [MQTT-3.1.2-23]
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.sessionCount() == 0);
        assertThat(broker.subscriptionCount()).isZero();
        Mqtt5ConnAck back = client.client.connectWith().cleanStart(false).send();
        assertThat(back.isSessionPresent()).isFalse();
        client.client.disconnect();
    }

    @Test
    void aSessionWithExpiryIsResumed() {
        Hive client = Hive.create(broker.port(), "kept");
        client.client.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        client.client.disconnect();
        // [MQTT-3.2.2-2]
        assertThat(client.client.connectWith().cleanStart(false).sessionExpiryInterval(60).send().isSessionPresent())
                .isTrue();
        client.client.disconnect();
        // [MQTT-3.1.2-4]: Clean Start discards it
        assertThat(client.client.connectWith().cleanStart(true).send().isSessionPresent()).isFalse();
        client.client.disconnect();
    }

    @Test
    void noLocalKeepsAClientsOwnMessagesFromIt() throws Exception {
        Hive client = connected("echo");
        try (Mqtt5Publishes publishes = client.client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.client.subscribeWith().topicFilter("chat/#").qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
            client.client.publishWith().topic("chat/me").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("mine")).send();
            Hive other = connected("other");
            other.client.publishWith().topic("chat/other").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("theirs")).send();
            // [MQTT-3.8.3-3]
            assertThat(receive(publishes).getTopic().toString()).isEqualTo("chat/other");
            assertThat(publishes.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
        }
    }

    @Test
    void retainAsPublishedKeepsTheRetainFlagOnForwardedMessages() throws Exception {
        Hive keep = connected("keep");
        Hive clear = connected("clear");
        try (Mqtt5Publishes kept = keep.client.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5Publishes cleared = clear.client.publishes(MqttGlobalPublishFilter.ALL)) {
            keep.client.subscribeWith().topicFilter("state").qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(true).send();
            clear.client.subscribeWith().topicFilter("state").qos(MqttQos.AT_LEAST_ONCE).send();
            connected("pub").client.publishWith().topic("state").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload(utf8("on")).send();
            // [MQTT-3.3.1-12], [MQTT-3.3.1-13]
            assertThat(receive(kept).isRetain()).isTrue();
            assertThat(receive(cleared).isRetain()).isFalse();
        }
    }

    @Test
    void retainHandlingChoosesWhenRetainedMessagesAreSent() throws Exception {
        connected("pub").client.publishWith().topic("lamp").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(utf8("on")).send();
        Hive client = connected("sub");
        try (Mqtt5Publishes publishes = client.client.publishes(MqttGlobalPublishFilter.ALL)) {
            // [MQTT-3.3.1-11]: 2, never
            client.client.subscribeWith().topicFilter("lamp").retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
            assertThat(publishes.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
            // [MQTT-3.3.1-10]: 1, only when the subscription is new (it exists now)
            client.client.subscribeWith().topicFilter("lamp").retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send();
            assertThat(publishes.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
            // [MQTT-3.3.1-9]: 0, always
            client.client.subscribeWith().topicFilter("lamp").retainHandling(Mqtt5RetainHandling.SEND).send();
            assertThat(receive(publishes).isRetain()).isTrue();
        }
    }

    @Test
    void pubackSaysWhenNobodyWasSubscribed() {
        Hive publisher = connected("pub");
        Mqtt5Qos1Result result = (Mqtt5Qos1Result) publisher.client.publishWith().topic("nobody/listens")
                .qos(MqttQos.AT_LEAST_ONCE).payload(utf8("x")).send();
        assertThat(result.getPubAck().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    void aSecondConnectionTakesTheSessionOverAndTheFirstIsToldWhy() throws Exception {
        Hive first = connected("device");
        Hive second = connected("device");
        // [MQTT-3.1.4-3] and reason 0x8E
        assertThat(first.serverDisconnect.get(5, TimeUnit.SECONDS)).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        second.client.disconnect();
    }

    @Test
    void aDelayedWillIsNotSentWhenTheClientComesBackInTime() throws Exception {
        Hive watcher = connected("watcher");
        try (Mqtt5Publishes wills = watcher.client.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.client.subscribeWith().topicFilter("wills/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Hive device = Hive.create(broker.port(), "device");
            device.client.connectWith().cleanStart(true).sessionExpiryInterval(60)
                    .willPublish().topic("wills/device").payload(utf8("gone")).delayInterval(2).applyWillPublish().send();
            device.client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
            device.client.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
            // [MQTT-3.1.3-9]
            assertThat(wills.receive(2500, TimeUnit.MILLISECONDS)).isEmpty();
            device.client.disconnect();
        }
    }

    @Test
    void aDelayedWillIsSentWhenTheDelayPasses() throws Exception {
        Hive watcher = connected("watcher");
        try (Mqtt5Publishes wills = watcher.client.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.client.subscribeWith().topicFilter("wills/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Hive device = Hive.create(broker.port(), "device");
            device.client.connectWith().cleanStart(true).sessionExpiryInterval(60)
                    .willPublish().topic("wills/device").payload(utf8("gone")).delayInterval(1)
                    .userProperties().add("why", "power").applyUserProperties().applyWillPublish().send();
            long start = System.nanoTime();
            device.client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
            Mqtt5Publish will = receive(wills);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(will.getUserProperties().asList()).extracting(p -> p.getValue().toString()).containsExactly("power");
        }
    }

    @Test
    void aSharedSubscriptionSplitsMessagesBetweenItsMembers() throws Exception {
        Hive first = connected("worker-1");
        Hive second = connected("worker-2");
        try (Mqtt5Publishes one = first.client.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5Publishes two = second.client.publishes(MqttGlobalPublishFilter.ALL)) {
            first.client.subscribeWith().topicFilter("$share/workers/jobs/+").qos(MqttQos.AT_LEAST_ONCE).send();
            second.client.subscribeWith().topicFilter("$share/workers/jobs/+").qos(MqttQos.AT_LEAST_ONCE).send();
            Hive publisher = connected("boss");
            for (int i = 0; i < 10; i++) {
                publisher.client.publishWith().topic("jobs/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(utf8("" + i)).send();
            }
            int a = 0;
            while (one.receive(300, TimeUnit.MILLISECONDS).isPresent()) {
                a++;
            }
            int b = 0;
            while (two.receive(300, TimeUnit.MILLISECONDS).isPresent()) {
                b++;
            }
            // round robin: each message to exactly one member, shared evenly
            assertThat(a).isEqualTo(5);
            assertThat(b).isEqualTo(5);
        }
    }

    @Test
    void theSessionExpiryIntervalSetInDisconnectIsUsed() {
        Hive client = Hive.create(broker.port(), "changes-its-mind");
        client.client.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        // MQTT 5.0 section 3.14.2.2.2 lets DISCONNECT change the interval
        client.client.disconnectWith().sessionExpiryInterval(0).send();
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.sessionCount() == 0);
    }
}
