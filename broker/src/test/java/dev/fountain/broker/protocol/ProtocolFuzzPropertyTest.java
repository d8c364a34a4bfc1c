package dev.fountain.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.routing.RetainedMessages;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.routing.SubscriptionIndex;
import dev.fountain.broker.security.AccessControl;
import dev.fountain.broker.session.Limits;
import dev.fountain.broker.session.Sessions;
import dev.fountain.broker.testing.LeakCheckExtension;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzes the decoder and the connection state machine together: jqwik builds a valid packet
 * sequence of one protocol level (CONNECT first), mutates its bytes, feeds them in random chunks,
 * and checks what a hostile client must never achieve: an exception past the pipeline, a leaked
 * buffer, or a connection that is open but no longer answers (the hardening issue's "wedged").
 *
 * <p>"Answers" is decided without a clock: a case's last packet is completed to the length its
 * fixed header gives ({@link FuzzPackets#completeLastPacket}), so the broker holds every byte of
 * every packet and has nothing to wait for; one PINGREQ follows in a read of its own, and by the
 * time that read is handled the broker has closed or sent a PINGRESP. A decoder that reads past
 * the end of a packet takes the PINGREQ as part of it and does neither.
 *
 * <p>Packets and mutations are built by {@link FuzzPackets}; a failing case prints its bytes in
 * hex, chunk boundaries as {@code |}, after jqwik has shrunk it.
 */
class ProtocolFuzzPropertyTest {

    /** Small, so that a mutated remaining length often exceeds it. */
    private static final int MAX_PACKET_SIZE = 2048;
    private static final byte[] PINGREQ = {(byte) 0xC0, 0};
    private static final int PINGRESP = 0xD0;
    private static final int CONNACK = 0x20;

    @Property(tries = 1000)
    void aMutatedStreamLeavesTheConnectionClosedOrAnswering(@ForAll("mutatedCases") FuzzPackets.Case fuzzCase) {
        Outcome outcome = run(fuzzCase.chunks());
        assertThat(outcome.closed || outcome.answered)
                .as("open but not answering PINGREQ after %s", fuzzCase).isTrue();
    }

    @Property(tries = 200)
    void aValidSequenceKeepsTheConnectionOpenAndAnswering(@ForAll("validCases") FuzzPackets.Case fuzzCase) {
        Outcome outcome = run(fuzzCase.chunks());
        assertThat(outcome.closed).as("closed after the valid %s", fuzzCase).isFalse();
        assertThat(outcome.answered).as("no PINGRESP after the valid %s", fuzzCase).isTrue();
    }

    /**
     * Known defect, being fixed: an MQTT 5 UNSUBSCRIBE without its property length (and without
     * any topic filter) is malformed [MQTT-3.10.3-2], yet it wedges the connection.
     */
    @Example
    void mqtt5UnsubscribeWithoutPropertyLengthClosesTheConnection() {
        Outcome outcome = run(List.of(FuzzPackets.hex("10 0e 00 04 4d 51 54 54 05 02 00 00 00 00 01 63"),
                FuzzPackets.hex("a2 02 00 03")));
        assertThat(outcome.sent).as("the broker's packets (fixed header byte)").startsWith(CONNACK);
        assertThat(outcome.closed).as("closed after a malformed UNSUBSCRIBE; answered PINGREQ: %s", outcome.answered)
                .isTrue();
    }

    /**
     * Known defect, being fixed: an MQTT 5 property length that runs past the end of its packet is
     * a malformed packet, yet the properties are read out of the packets that follow.
     */
    @Example
    void mqtt5PropertyLengthPastTheEndOfItsPacketClosesTheConnection() {
        Outcome outcome = run(List.of(FuzzPackets.hex("10 0e 00 04 4d 51 54 54 05 02 00 00 00 00 01 63"),
                FuzzPackets.hex("30 04 00 01 61 05")));
        assertThat(outcome.sent).as("the broker's packets (fixed header byte)").startsWith(CONNACK);
        assertThat(outcome.closed).as("closed after a property length past the packet's end; answered PINGREQ: %s",
                outcome.answered).isTrue();
    }

    /**
     * Found by {@link #aValidSequenceKeepsTheConnectionOpenAndAnswering} (as a leak report): a
     * retained PUBLISH with an empty payload, which clears the topic's retained message
     * [MQTT-3.3.1-10], leaks its payload buffer, at every QoS, with or without subscribers.
     */
    @Example
    void anEmptyRetainedPublishReleasesItsPayload() throws InterruptedException {
        Outcome outcome = run(List.of(FuzzPackets.hex("10 0d 00 04 4d 51 54 54 04 02 00 00 00 01 63"),
                FuzzPackets.hex("31 03 00 01 61")));
        assertThat(outcome.answered).isTrue();
        new LeakCheckExtension().afterAll(null);
    }

    @Provide
    Arbitrary<FuzzPackets.Case> mutatedCases() {
        return FuzzPackets.mutatedCases(MAX_PACKET_SIZE);
    }

    @Provide
    Arbitrary<FuzzPackets.Case> validCases() {
        return FuzzPackets.validCases(MAX_PACKET_SIZE);
    }

    /** jqwik runs no Jupiter extensions, so the leak check that every Jupiter class gets is called here. */
    @AfterContainer
    static void noBufferLeaked() throws InterruptedException {
        new LeakCheckExtension().afterAll(null);
    }

    /** How a connection ended up, and the header bytes of what the broker sent, in order. */
    private record Outcome(boolean closed, boolean answered, List<Integer> sent) {
    }

    /** Feeds {@code chunks} to a fresh broker's connection, one read each, then streams PINGREQs. */
    private static Outcome run(List<byte[]> chunks) {
        BrokerContext broker = broker();
        EmbeddedChannel channel = new EmbeddedChannel();
        MqttPipeline.addMqttHandlers(channel.pipeline(), broker);
        channel.pipeline().fireChannelActive();
        Answers answers = new Answers();
        try {
            for (byte[] chunk : chunks) {
                if (!channel.isOpen()) {
                    break;
                }
                // writeInbound rethrows whatever exception reached the end of the pipeline.
                channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                answers.read(channel);
            }
            int before = answers.pingResponses;
            if (channel.isOpen()) {
                channel.writeInbound(Unpooled.wrappedBuffer(PINGREQ));
                answers.read(channel);
            }
            if (channel.isOpen() && answers.pingResponses == before) {
                // After a DISCONNECT with a reason, the connection lets the client read it before
                // it closes: in the virtual time of the embedded channel, that time passes now.
                channel.advanceTimeBy(LingeringClose.LINGER_SECONDS, TimeUnit.SECONDS);
                channel.runScheduledPendingTasks();
            }
            return new Outcome(!channel.isOpen(), answers.pingResponses > before, answers.headers);
        } finally {
            channel.finishAndReleaseAll();
            broker.sessions().endAll();
            channel.runPendingTasks();
            broker.router().retained().clear();
        }
    }

    private static BrokerContext broker() {
        BrokerConfig config = BrokerConfig.builder().listener(Listener.mqtt(0, null)).allowAnonymous(true)
                .maxPacketSize(MAX_PACKET_SIZE).build();
        // Per-packet lines for thousands of cases would bury a real error in the test output.
        BrokerLog log = BrokerLog.toSlf4j(EnumSet.of(LogType.ERROR, LogType.WARNING));
        SubscriptionIndex index = new SubscriptionIndex();
        AccessControl access = new AccessControl(true, null, null);
        Sessions sessions = new Sessions(index, new Limits(config.maxInflightMessages(), config.maxQueuedMessages(),
                config.maxQueuedBytes(), config.queueQos0Messages()), log);
        return new BrokerContext(config, log, sessions, new Router(index, new RetainedMessages(), access), access,
                new AtomicInteger(), Map.of());
    }

    /** The broker's output split into packets; only PINGRESPs are counted. */
    private static final class Answers {
        private final ByteArrayOutputStream unread = new ByteArrayOutputStream();
        final List<Integer> headers = new ArrayList<>();
        int pingResponses;

        void read(EmbeddedChannel channel) {
            channel.runPendingTasks();
            ByteBuf out;
            while ((out = channel.readOutbound()) != null) {
                byte[] bytes = new byte[out.readableBytes()];
                out.readBytes(bytes);
                out.release();
                unread.writeBytes(bytes);
            }
            byte[] bytes = unread.toByteArray();
            int at = 0;
            while (true) {
                int[] length = FuzzPackets.remainingLength(bytes, at + 1);
                if (at >= bytes.length || length == null || length[1] + length[0] > bytes.length) {
                    break;
                }
                headers.add(bytes[at] & 0xFF);
                if ((bytes[at] & 0xFF) == PINGRESP) {
                    pingResponses++;
                }
                at = length[1] + length[0];
            }
            unread.reset();
            unread.write(bytes, at, bytes.length - at);
        }
    }
}
