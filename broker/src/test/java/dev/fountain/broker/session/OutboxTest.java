package dev.fountain.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.routing.Message;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** A connection that records what is sent and can be made unwritable. */
    static final class Recording implements ClientConnection {
        final List<String> sent = new ArrayList<>();
        final List<Message> held = new ArrayList<>();
        boolean writable = true;

        @Override
        public EventExecutor executor() {
            return ImmediateEventExecutor.INSTANCE;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public boolean isWritable() {
            return writable;
        }

        @Override
        public boolean fits(Message message, int qos, int[] subscriptionIds) {
            return true;
        }

        @Override
        public void sendPublish(Message message, int qos, boolean retain, boolean duplicate, int packetId,
                int[] subscriptionIds) {
            sent.add(message.topic() + " q" + qos + " id" + packetId + (duplicate ? " dup" : ""));
            message.release();
        }

        @Override
        public void sendPubrel(int packetId) {
            sent.add("pubrel " + packetId);
        }

        @Override
        public void flush() {
        }

        @Override
        public void sessionAttached(Session session, boolean sessionPresent) {
        }

        @Override
        public void takenOver(boolean sessionResumed) {
        }
    }

    private static Message message(String topic, int size) {
        return new Message(topic, Unpooled.buffer(size).writeZero(size), 1, false);
    }

    @Test
    void theWindowHoldsAtMostMaxInflightAndTheRestWaitsInOrder() {
        Outbox outbox = new Outbox(new Limits(2, 10, 0, false));
        Recording connection = new Recording();
        for (int i = 0; i < 4; i++) {
            outbox.offer(connection, new Outbox.Queued(message("m" + i, 1), 1, false, null, null));
        }
        assertThat(connection.sent).containsExactly("m0 q1 id1", "m1 q1 id2");
        assertThat(outbox.acknowledge(1)).isEqualTo(AckOutcome.DONE);
        outbox.pump(connection);
        assertThat(connection.sent).containsExactly("m0 q1 id1", "m1 q1 id2", "m2 q1 id3");
        outbox.clear();
    }

    @Test
    void queuedBytesAreBounded() {
        Outbox outbox = new Outbox(new Limits(1, 0, 10, false));
        Recording connection = new Recording();
        connection.writable = false;
        assertThat(outbox.offer(connection, new Outbox.Queued(message("a", 6), 1, false, null, null))).isEqualTo(Outbox.Outcome.QUEUED);
        assertThat(outbox.offer(connection, new Outbox.Queued(message("b", 6), 1, false, null, null))).isEqualTo(Outbox.Outcome.DROPPED_QUEUE_FULL);
        assertThat(outbox.offer(connection, new Outbox.Queued(message("c", 4), 1, false, null, null))).isEqualTo(Outbox.Outcome.QUEUED);
        outbox.clear();
    }

    @Test
    void qos0IsDroppedWhileOfflineUnlessConfiguredToQueue() {
        Recording connection = new Recording();
        Outbox dropping = new Outbox(new Limits(20, 10, 0, false));
        Message first = message("a", 1);
        assertThat(dropping.offer(null, new Outbox.Queued(first, 0, false, null, null))).isEqualTo(Outbox.Outcome.DROPPED_OFFLINE_QOS0);
        assertThat(first.refCnt()).isZero();
        Outbox queueing = new Outbox(new Limits(20, 10, 0, true));
        assertThat(queueing.offer(null, new Outbox.Queued(message("b", 1), 0, false, null, null))).isEqualTo(Outbox.Outcome.QUEUED);
        queueing.pump(connection);
        assertThat(connection.sent).containsExactly("b q0 id0");
    }

    @Test
    void resendRepeatsPublishWithDupAndPubrelForReceivedQos2() {
        Outbox outbox = new Outbox(new Limits(10, 10, 0, false));
        Recording connection = new Recording();
        outbox.offer(connection, new Outbox.Queued(message("one", 1), 1, false, null, null));
        outbox.offer(connection, new Outbox.Queued(message("two", 1), 2, false, null, null));
        outbox.offer(connection, new Outbox.Queued(message("three", 1), 2, false, null, null));
        assertThat(outbox.received(2)).isEqualTo(AckOutcome.DONE);
        connection.sent.clear();
        outbox.resend(connection);
        assertThat(connection.sent).containsExactly("one q1 id1 dup", "pubrel 2", "three q2 id3 dup");
        assertThat(outbox.completed(2)).isEqualTo(AckOutcome.DONE);
        assertThat(outbox.completed(2)).isEqualTo(AckOutcome.UNKNOWN);
        outbox.clear();
    }

    @Test
    void packetIdsWrapAroundAndSkipIdsStillInFlight() {
        Outbox outbox = new Outbox(new Limits(0, 0, 0, false));
        Recording connection = new Recording();
        outbox.offer(connection, new Outbox.Queued(message("kept", 1), 1, false, null, null));
        for (int i = 2; i <= 65_535; i++) {
            outbox.offer(connection, new Outbox.Queued(message("x", 1), 1, false, null, null));
            assertThat(outbox.acknowledge(i)).isEqualTo(AckOutcome.DONE);
        }
        connection.sent.clear();
        outbox.offer(connection, new Outbox.Queued(message("wrapped", 1), 1, false, null, null));
        assertThat(connection.sent).containsExactly("wrapped q1 id2");
        outbox.clear();
    }

    @Test
    void anAckForAnUnknownOrWrongKindOfIdChangesNothing() {
        Outbox outbox = new Outbox(new Limits(10, 10, 0, false));
        Recording connection = new Recording();
        outbox.offer(connection, new Outbox.Queued(message("q1", 1), 1, false, null, null));
        assertThat(outbox.received(1)).as("PUBREC for a QoS 1 message").isEqualTo(AckOutcome.WRONG_KIND);
        assertThat(outbox.completed(1)).as("PUBCOMP for a QoS 1 message").isEqualTo(AckOutcome.WRONG_KIND);
        assertThat(outbox.acknowledge(99)).isEqualTo(AckOutcome.UNKNOWN);
        assertThat(outbox.inFlightCount()).isEqualTo(1);
        outbox.clear();
    }

    @Test
    void aPubackForQos2AndAPubcompBeforePubrecAreOfTheWrongKind() {
        Outbox outbox = new Outbox(new Limits(10, 10, 0, false));
        Recording connection = new Recording();
        outbox.offer(connection, new Outbox.Queued(message("q2", 1), 2, false, null, null));
        assertThat(outbox.acknowledge(1)).as("PUBACK for a QoS 2 message").isEqualTo(AckOutcome.WRONG_KIND);
        assertThat(outbox.completed(1)).as("PUBCOMP before PUBREC").isEqualTo(AckOutcome.WRONG_KIND);
        assertThat(outbox.received(1)).isEqualTo(AckOutcome.DONE);
        assertThat(outbox.received(1)).as("a repeated PUBREC").isEqualTo(AckOutcome.DONE);
        assertThat(outbox.completed(1)).isEqualTo(AckOutcome.DONE);
        outbox.clear();
    }
}
