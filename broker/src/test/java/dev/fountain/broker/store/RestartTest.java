package dev.fountain.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.config.Persistence;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import dev.fountain.broker.testing.PahoClient;
import dev.fountain.broker.testing.RawClient;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A broker with persistence stopped and started again on the same directory, clients on real
 * sockets: what a client left with the broker is there after the restart. (A crash, rather than a
 * stop, is {@code CrashRecoveryIT}'s.)
 */
class RestartTest {

    @TempDir
    Path dir;

    private Broker broker;
    private int port;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Broker start(Persistence.Sync sync) throws Exception {
        return start(Persistence.OFF.withEnabled(true).withDirectory(dir.resolve("store")).withSync(sync));
    }

    private Broker start(Persistence persistence) throws Exception {
        Broker started = Broker.builder()
                .configure(config -> config.listener(Listener.mqtt(port, "127.0.0.1")).allowAnonymous(true)
                        .persistence(persistence))
                .log(BrokerLog.open(LogType.all(), List.of(LogDestination.file(dir.resolve("broker.log"))), false, null))
                .threads(2)
                .build()
                .start();
        port = started.port();
        return started;
    }

    private void restart(Persistence.Sync sync) throws Exception {
        broker.close();
        broker = start(sync);
    }

    private List<String> log() throws Exception {
        return Files.readAllLines(dir.resolve("broker.log"));
    }

    private static MqttConnectOptions persistent() {
        MqttConnectOptions options = PahoClient.options();
        options.setCleanSession(false);
        return options;
    }

    private RawClient rawConnect(String clientId, boolean expectPresent) throws Exception {
        RawClient client = RawClient.open(port);
        client.send(MqttMessageBuilders.connect().clientId(clientId).cleanSession(false)
                .protocolVersion(MqttVersion.MQTT_3_1_1).keepAlive(0).build());
        MqttConnAckMessage connack = (MqttConnAckMessage) client.receive();
        assertThat(connack.variableHeader().isSessionPresent()).as("session present").isEqualTo(expectPresent);
        return client;
    }

    @ParameterizedTest
    @EnumSource(Persistence.Sync.class)
    void queuedMessagesSubscriptionsAndRetainedMessagesSurviveARestart(Persistence.Sync sync) throws Exception {
        broker = start(sync);
        try (PahoClient subscriber = PahoClient.connect(port, "garden-display", persistent())) {
            subscriber.subscribe("home/garden/#", 2);
            subscriber.disconnect();
        }
        try (PahoClient publisher = PahoClient.connect(port, "pump")) {
            publisher.publish("home/garden/fountain/2", "q1 while away", 1, false);
            publisher.publish("home/garden/fountain/2", "q2 while away", 2, false);
            publisher.publish("home/garden/fountain/2", "q0 while away", 0, false);
            publisher.publish("home/garden/state", "on", 1, true);
            publisher.publish("home/garden/gone", "soon deleted", 1, true);
            publisher.publish("home/garden/gone", "", 1, true);
        }

        restart(sync);

        assertThat(log()).anyMatch(line -> line.matches(
                "Restored 1 sessions, 5 queued messages, 1 retained messages from .* in \\d+ ms\\."));
        try (PahoClient subscriber = PahoClient.connect(port, "garden-display", persistent())) {
            // Paho hands a QoS 2 message over at PUBREL, one round trip after the QoS 1 ones: compare
            // as a set. The retained message deleted before the restart keeps its queued copy, and the
            // deleting message goes to subscribers like any other.
            subscriber.awaitCount(5);
            assertThat(subscriber.all()).extracting(PahoClient.Received::payload)
                    .containsExactlyInAnyOrder("q1 while away", "q2 while away", "on", "soon deleted", "");
            subscriber.expectNothingFor(Duration.ofMillis(300));
            try (PahoClient publisher = PahoClient.connect(port, "pump")) {
                publisher.publish("home/garden/fountain/2", "after the restart", 1, false);
            }
            assertThat(subscriber.next().payload()).as("the subscription came back with the session")
                    .isEqualTo("after the restart");
        }
        try (PahoClient newcomer = PahoClient.connect(port, "newcomer")) {
            newcomer.subscribe("home/garden/#", 1);
            PahoClient.Received retained = newcomer.next();
            assertThat(retained.payload()).isEqualTo("on");
            assertThat(retained.retained()).isTrue();
            newcomer.expectNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    void deliveredMessagesAreNotDeliveredAgainAfterARestart() throws Exception {
        broker = start(Persistence.Sync.NONE);
        try (PahoClient subscriber = PahoClient.connect(port, "display", persistent())) {
            subscriber.subscribe("cmd/#", 1);
            try (PahoClient publisher = PahoClient.connect(port, "pump")) {
                for (int i = 0; i < 50; i++) {
                    publisher.publish("cmd/pump", "m" + i, 1, false);
                }
            }
            subscriber.awaitCount(50);
            subscriber.disconnect();
        }
        restart(Persistence.Sync.NONE);
        try (RawClient device = rawConnect("display", true)) {
            assertThat(device.silentFor(Duration.ofMillis(300))).as("everything was acknowledged before").isTrue();
        }
    }

    @Test
    void aQos2PacketIdentifierAwaitingPubrelIsStillKnownAfterARestart() throws Exception {
        broker = start(Persistence.Sync.ALWAYS);
        try (PahoClient subscriber = PahoClient.connect(port, "display", persistent())) {
            subscriber.subscribe("cmd/#", 2);
            subscriber.disconnect();
        }
        try (RawClient publisher = rawConnect("pump", false)) {
            publisher.publish("cmd/pump", "once", 2, 7, false);
            assertThat(publisher.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREC);
            publisher.kill();
        }
        restart(Persistence.Sync.ALWAYS);
        try (RawClient publisher = rawConnect("pump", true)) {
            // The retry of a PUBLISH whose PUBREC was lost: acknowledged again, not routed again [MQTT-4.3.3-2].
            publisher.publish("cmd/pump", "once", 2, 7, true);
            assertThat(publisher.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREC);
            publisher.send(RawClient.ack(MqttMessageType.PUBREL, 7));
            assertThat(publisher.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBCOMP);
        }
        try (PahoClient subscriber = PahoClient.connect(port, "display", persistent())) {
            assertThat(subscriber.next().payload()).isEqualTo("once");
            subscriber.expectNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    void anOutgoingQos2MessageResumesWhereItStoodAfterARestart() throws Exception {
        broker = start(Persistence.Sync.ALWAYS);
        int packetId;
        try (RawClient device = rawConnect("device", false)) {
            device.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.EXACTLY_ONCE, "cmd/#")
                    .build());
            device.receive();
            try (PahoClient publisher = PahoClient.connect(port, "pump")) {
                publisher.publish("cmd/pump", "on", 2, false);
                publisher.publish("cmd/pump", "off", 2, false);
            }
            MqttPublishMessage first = (MqttPublishMessage) device.receive();
            MqttPublishMessage second = (MqttPublishMessage) device.receive();
            assertThat(second.payload().toString(StandardCharsets.UTF_8)).isEqualTo("off");
            packetId = first.variableHeader().packetId();
            device.send(RawClient.ack(MqttMessageType.PUBREC, packetId));
            assertThat(device.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREL);
            device.kill();
        }
        restart(Persistence.Sync.ALWAYS);
        try (RawClient device = rawConnect("device", true)) {
            // [MQTT-4.4.0-1]: PUBREL for the one the client has, the PUBLISH again, with DUP, for the other.
            MqttMessage pubrel = device.receive();
            assertThat(pubrel.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBREL);
            assertThat(((io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader) pubrel.variableHeader()).messageId())
                    .isEqualTo(packetId);
            MqttPublishMessage again = (MqttPublishMessage) device.receive();
            assertThat(again.payload().toString(StandardCharsets.UTF_8)).isEqualTo("off");
            assertThat(again.fixedHeader().isDup()).isTrue();
        }
    }

    @Test
    void aStoreWhoseLastWriteWasCutShortIsTruncatedThereAndTheRestRestored() throws Exception {
        broker = start(Persistence.Sync.ALWAYS);
        try (PahoClient publisher = PahoClient.connect(port, "pump")) {
            publisher.publish("home/garden/state", "kept", 1, true);
            publisher.publish("home/garden/level", "cut short", 1, true);
        }
        broker.close();
        Path segment = lastFile(".log");
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 5);
        }

        broker = start(Persistence.Sync.ALWAYS);

        assertThat(log()).anyMatch(line -> line.matches(Pattern.quote("The store file " + segment
                + " ended in an incomplete write (its last record is incomplete at byte ") + "\\d+"
                + Pattern.quote("): truncated it there, dropping ") + "\\d+" + Pattern.quote(" bytes.")));
        assertThat(log()).anyMatch(line -> line.startsWith("Restored 0 sessions, 0 queued messages, 1 retained"));
        try (PahoClient newcomer = PahoClient.connect(port, "newcomer")) {
            newcomer.subscribe("home/garden/#", 1);
            assertThat(newcomer.next().payload()).isEqualTo("kept");
            newcomer.expectNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    void anUnreadableStoreIsMovedAsideAndTheBrokerStartsEmpty() throws Exception {
        broker = start(Persistence.Sync.ALWAYS);
        try (PahoClient publisher = PahoClient.connect(port, "pump")) {
            publisher.publish("home/garden/state", "in the snapshot", 1, true);
        }
        // The second start seals the first log file and compacts it into a snapshot.
        restart(Persistence.Sync.ALWAYS);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastFile(".snapshot") != null);
        broker.close();
        Path snapshot = lastFile(".snapshot");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 3] ^= 0x5A;
        Files.write(snapshot, bytes);

        broker = start(Persistence.Sync.ALWAYS);

        assertThat(log()).anyMatch(line -> line.matches(Pattern.quote("The store file " + snapshot
                + " cannot be read (a record whose checksum does not match at byte ") + "\\d+" + Pattern.quote("): moved ")
                + ".*" + Pattern.quote(snapshot.getFileName() + ".bad") + ".*"
                + Pattern.quote(" aside; starting with an empty store.")));
        assertThat(Path.of(snapshot + ".bad")).exists();
        assertThat(log()).anyMatch(line -> line.startsWith("Restored 0 sessions, 0 queued messages, 0 retained"));
        try (PahoClient publisher = PahoClient.connect(port, "pump")) {
            publisher.subscribe("home/#", 1);
            publisher.publish("home/garden/state", "serving again", 1, true);
            assertThat(publisher.next().payload()).isEqualTo("serving again");
        }
    }

    @Test
    void aWillWaitingForItsDelayIsPublishedOnTimeAfterARestart() throws Exception {
        broker = start(Persistence.Sync.ALWAYS);
        try (PahoClient watcher = PahoClient.connect(port, "watcher", persistent())) {
            watcher.subscribe("wills/#", 1);
            watcher.disconnect();
        }
        try (RawClient device = RawClient.openV5(port)) {
            MqttProperties session = new MqttProperties();
            session.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 600));
            MqttProperties will = new MqttProperties();
            will.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.WILL_DELAY_INTERVAL.value(), 2));
            device.send(MqttMessageBuilders.connect().clientId("device").cleanSession(false)
                    .protocolVersion(MqttVersion.MQTT_5).properties(session).keepAlive(0).willFlag(true)
                    .willTopic("wills/device").willMessage("gone".getBytes(StandardCharsets.UTF_8))
                    .willQoS(MqttQoS.AT_LEAST_ONCE).willProperties(will).build());
            device.receive();
            device.kill();
        }
        long died = System.currentTimeMillis();
        // The broker has to see the connection go, and put the will aside, before it stops.
        await().atMost(Duration.ofSeconds(5)).until(() -> log().contains("Client device closed its connection."));
        restart(Persistence.Sync.ALWAYS);
        try (PahoClient watcher = PahoClient.connect(port, "watcher", persistent())) {
            assertThat(watcher.next().payload()).isEqualTo("gone");
            assertThat(System.currentTimeMillis() - died).as("not before its delay").isGreaterThanOrEqualTo(1900);
        }
    }

    @Test
    void aFullStoreRefusesQos1PublishesWithQuotaExceeded() throws Exception {
        broker = start(Persistence.OFF.withEnabled(true).withDirectory(dir.resolve("store")).withSizeLimit(1));
        try (RawClient publisher = RawClient.openV5(port)) {
            publisher.send(MqttMessageBuilders.connect().clientId("pump").protocolVersion(MqttVersion.MQTT_5)
                    .keepAlive(0).build());
            publisher.receive();
            publisher.publish("home/garden/level", "3", 1, 1, false);
            MqttMessage puback = publisher.receive();
            assertThat(((io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader) puback.variableHeader())
                    .reasonCode()).isEqualTo((byte) 0x97);
        }
        assertThat(log()).anyMatch(line -> line.startsWith("persistence_size_limit (1 bytes) reached: QoS 1 and 2"
                + " publishes are being refused, starting with one from pump."));
    }

    @Test
    void theStoresMetersMoveAsClientsWrite() throws Exception {
        broker = start(Persistence.Sync.ALWAYS);
        BrokerStats stats = broker.stats();
        long commits = stats.value(Meter.STORE_COMMITS);
        long fsyncs = stats.value(Meter.STORE_FSYNCS);
        long bytes = stats.value(Meter.STORE_BYTES);
        try (PahoClient display = PahoClient.connect(port, "display", persistent())) {
            display.subscribe("home/#", 1);
            display.publish("home/garden/state", "on", 1, true);
            display.next();
        }
        assertThat(stats.value(Meter.STORE_COMMITS)).isGreaterThan(commits);
        assertThat(stats.value(Meter.STORE_FSYNCS)).isGreaterThan(fsyncs);
        assertThat(stats.value(Meter.STORE_FSYNC_MICROSECONDS)).isPositive();
        assertThat(stats.value(Meter.STORE_BYTES)).isGreaterThan(bytes);
    }

    private Path lastFile(String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("store"))) {
            return files.filter(file -> file.toString().endsWith(suffix)).max(Comparator.naturalOrder()).orElse(null);
        }
    }

    @Test
    void aSessionKeepsExpiringFromWhenItsClientLeftAcrossARestart() throws Exception {
        broker = start(Persistence.Sync.INTERVAL);
        try (RawClient device = RawClient.openV5(port)) {
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 1));
            device.send(MqttMessageBuilders.connect().clientId("brief").cleanSession(false)
                    .protocolVersion(MqttVersion.MQTT_5).properties(properties).keepAlive(0).build());
            device.receive();
            device.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "a/#")
                    .build());
            device.receive();
        }
        try (RawClient lasting = rawConnect("lasting", false)) {
            lasting.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "a/#")
                    .build());
            lasting.receive();
        }
        broker.close();
        long closedAt = System.currentTimeMillis();
        // The one-second expiry has to pass on the wall clock while the broker is down.
        await().atMost(Duration.ofSeconds(3)).until(() -> System.currentTimeMillis() - closedAt > 1100);
        broker = start(Persistence.Sync.INTERVAL);
        assertThat(log()).anyMatch(line -> line.startsWith("Restored 1 sessions,")
                && line.endsWith("(1 sessions had expired)."));
        assertThat(broker.sessionCount()).isEqualTo(1);
    }
}
