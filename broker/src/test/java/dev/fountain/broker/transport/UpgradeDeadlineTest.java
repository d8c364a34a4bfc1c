package dev.fountain.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.protocol.BrokerContext;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket listener's connection must become MQTT within a fixed time: trickling bytes does not
 * keep it open (slow-loris), and the upgrade, which removes the stage, cancels the deadline.
 */
class UpgradeDeadlineTest {

    @Test
    void aClientThatTricklesBytesIsClosedAtTheDeadline() {
        EmbeddedChannel channel = new EmbeddedChannel(new UpgradeDeadline(20));
        for (int second = 5; second < 20; second += 5) {
            channel.advanceTimeBy(5, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'G'}));
            assertThat(channel.isOpen()).as("open after %d s", second).isTrue();
        }
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void theUpgradeRemovesTheStageAndItsDeadline() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("http-deadline", new UpgradeDeadline(20));
        channel.pipeline().remove("http-deadline");
        channel.advanceTimeBy(60, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void aWebSocketListenersConnectionTricklingItsUpgradeRequestIsClosedAfterTwentySeconds() {
        BrokerContext broker = new BrokerContext(BrokerConfig.builder().build(), null, null, null, null, null,
                Map.of());
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocketChannelInitializer(broker, null, null, null));
        byte[] request = "GET /mqtt HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(request, i, 1));
            channel.advanceTimeBy(6, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
            assertThat(channel.isOpen()).as("open after %d s", 6 * (i + 1)).isTrue();
        }
        channel.writeInbound(Unpooled.wrappedBuffer(request, 3, 1));
        channel.advanceTimeBy(3, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("open after 21 s").isFalse();
        channel.finishAndReleaseAll();
    }
}
