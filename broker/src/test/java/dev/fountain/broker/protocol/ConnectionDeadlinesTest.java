package dev.fountain.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.protocol.EmbeddedBroker.Client;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connect deadline and Keep Alive on the event loop's timer wheel ({@link ConnectionTimers}),
 * in the virtual time of the embedded channel: one connection per test, its own loop.
 */
class ConnectionDeadlinesTest {

    private final EmbeddedBroker broker = new EmbeddedBroker(config -> { });

    @AfterEach
    void close() {
        broker.close();
    }

    private static void pass(Client client, long millis) {
        client.channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        client.channel.runScheduledPendingTasks();
        client.channel.runPendingTasks();
    }

    private static MqttMessage connect(int keepAliveSeconds) {
        return MqttMessageBuilders.connect().clientId("k").cleanSession(true).protocolVersion(MqttVersion.MQTT_3_1_1)
                .keepAlive(keepAliveSeconds).build();
    }

    private static MqttMessage pingreq() {
        return new MqttMessage(new io.netty.handler.codec.mqtt.MqttFixedHeader(MqttMessageType.PINGREQ, false,
                io.netty.handler.codec.mqtt.MqttQoS.AT_MOST_ONCE, false, 0));
    }

    @Test
    void aConnectionWithoutConnectIsClosedAtItsDeadlineEvenIfItTricklesBytes() {
        Client client = broker.client();
        pass(client, 10_000);
        // The first byte of a CONNECT, and no more: a deadline, not an idle timer.
        client.sendBytes(new byte[] {0x10});
        pass(client, MqttConnection.CONNECT_SECONDS * 1000 - 10_000 - 200);
        assertThat(client.isOpen()).isTrue();
        pass(client, 400);
        assertThat(client.isOpen()).isFalse();
        assertThat(ConnectionTimers.size(client.channel.eventLoop())).isZero();
    }

    @Test
    void connectStopsTheDeadlineAndKeepAliveZeroWatchesNothing() {
        Client client = broker.client();
        client.send(connect(0));
        assertThat(client.received()).extracting(m -> m.fixedHeader().messageType())
                .containsExactly(MqttMessageType.CONNACK);
        assertThat(ConnectionTimers.size(client.channel.eventLoop())).isZero();
        pass(client, 3_600_000);
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void aSilentClientIsClosedAfterOneAndAHalfKeepAlivesAndNotBefore() {
        // [MQTT-3.1.2-24]
        Client client = broker.client();
        client.send(connect(10));
        pass(client, 14_800);
        assertThat(client.isOpen()).isTrue();
        pass(client, 400);
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void everyPacketStartsTheKeepAliveAgain() {
        Client client = broker.client();
        client.send(connect(10));
        for (int i = 0; i < 5; i++) {
            pass(client, 14_000);
            client.send(pingreq());
            assertThat(client.isOpen()).isTrue();
        }
        // 14 s after the last PINGREQ: still within 15 s.
        pass(client, 14_000);
        assertThat(client.isOpen()).isTrue();
        pass(client, 1_200);
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void aKeepAliveLongerThanTheWheelGoesRoundItUntilItsTime() {
        // 100 s: 150 s of silence allowed, three turns of a 51.2 s wheel.
        Client client = broker.client();
        client.send(connect(100));
        for (int i = 0; i < 149; i++) {
            pass(client, 1_000);
        }
        assertThat(client.isOpen()).isTrue();
        pass(client, 1_200);
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void aLoopStalledForLongerThanTheWheelStillFindsTheDeadlinesDue() {
        Client client = broker.client();
        client.send(connect(5));
        pass(client, 120_000);
        assertThat(client.isOpen()).isFalse();
    }
}
