package dev.fountain.app.connector.client;

import dev.fountain.app.connector.Delivery;
import dev.fountain.app.connector.Receiver;
import dev.fountain.app.connector.Subscription;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One route's own connection and persistent session, subscribed to the route's filter only, as the
 * embedded connector gives each route its own in-process client. A message that matches two routes
 * therefore comes once on each route's connection and is acknowledged there by that route alone,
 * and a slow handler fills only its own Receive Maximum window, never another route's.
 *
 * <p>Acknowledgement ({@code fountain.ack}): after the handler ran (default), or as soon as the
 * message is in the handler's queue; in the second mode an acknowledgement is held back while the
 * queue is full, so the broker's window still bounds what waits. QoS 0 has no window: a QoS 0
 * message that finds the queue full is dropped, as a broker drops for a slow subscriber.
 */
final class RouteSession implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSession.class);

    private final String clientId;
    private final Receiver receiver;
    private final boolean ackOnReceipt;
    private final Link link;
    private final CompletableFuture<Void> subscribed;
    /** The subscription of the connection up now: the first, or the latest resubscription. */
    private volatile CompletableFuture<Void> acknowledged;
    private final Queue<Delivery> heldAcknowledgements = new ConcurrentLinkedQueue<>();
    private final AtomicLong dropped = new AtomicLong();

    RouteSession(ClientSettings settings, String clientId, String filter, int qos, Receiver receiver) {
        this.clientId = clientId;
        this.receiver = receiver;
        this.ackOnReceipt = settings.ackOnReceipt();
        this.link = Link.open(settings, clientId, settings.receiveMaximum(), this::arrived);
        this.subscribed = link.connected().thenCompose(connected -> link.subscribe(filter, qos));
        this.acknowledged = subscribed;
        link.onReconnected(() -> resubscribed(filter, qos));
    }

    private void resubscribed(String filter, int qos) {
        CompletableFuture<Void> again = link.resubscribed(filter, qos);
        acknowledged = again;
        again.whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("{}: the broker refused the subscription to {} after reconnecting ({}); not ready until "
                        + "the next connection's is acknowledged.", clientId, filter, failure.toString());
            }
        });
    }

    @Override
    public CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    /** Connected now, and the broker acknowledged this connection's subscription. */
    boolean ready() {
        CompletableFuture<Void> current = acknowledged;
        return link.isConnected() && current.isDone() && !current.isCompletedExceptionally();
    }

    /** Called on the client's Netty thread: hands off, never waits. */
    private void arrived(Delivery delivery) {
        if (delivery.qos() == 0) {
            arrivedAtMostOnce(delivery);
        } else if (ackOnReceipt) {
            // Acknowledged before the hand-off, so the PUBACK is queued on this Netty thread ahead of
            // anything the handler does, a stop included.
            boolean ready = receiver.ready();
            if (ready) {
                delivery.done();
            }
            receiver.receive(new AcknowledgedOnReceipt(delivery));
            if (!ready) {
                heldAcknowledgements.add(delivery);
                // resume() may have run between ready() and add(): do not leave this one held.
                if (receiver.ready()) {
                    releaseHeld();
                }
            }
        } else {
            receiver.receive(delivery);
        }
    }

    private void arrivedAtMostOnce(Delivery delivery) {
        if (receiver.ready()) {
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                LOG.info("{}: the handler takes QoS 0 messages again; {} were dropped while it was behind.",
                        clientId, lost);
            }
            receiver.receive(delivery);
        } else if (dropped.getAndIncrement() == 0) {
            LOG.warn("{}: the handler's queue is full; QoS 0 messages are dropped until it catches up.", clientId);
        }
    }

    @Override
    public void resume() {
        releaseHeld();
    }

    private void releaseHeld() {
        Delivery held;
        while ((held = heldAcknowledgements.poll()) != null) {
            held.done();
        }
    }

    /**
     * Disconnects and keeps the session with its subscription, so QoS 1 and 2 messages wait at the
     * broker for the next start; unacknowledged ones come again then.
     */
    @Override
    public void close() {
        link.disconnect();
    }

    /** What the handler sees in on-receipt mode: its done() is not the acknowledgement. */
    private record AcknowledgedOnReceipt(Delivery delivery) implements Delivery {
        @Override
        public String topic() {
            return delivery.topic();
        }

        @Override
        public int qos() {
            return delivery.qos();
        }

        @Override
        public boolean retained() {
            return delivery.retained();
        }

        @Override
        public boolean duplicate() {
            return delivery.duplicate();
        }

        @Override
        public ByteBuffer payload() {
            return delivery.payload();
        }

        @Override
        public byte[] payloadBytes() {
            return delivery.payloadBytes();
        }

        @Override
        public String payloadString() {
            return delivery.payloadString();
        }

        @Override
        public String contentType() {
            return delivery.contentType();
        }

        @Override
        public String responseTopic() {
            return delivery.responseTopic();
        }

        @Override
        public byte[] correlationData() {
            return delivery.correlationData();
        }

        @Override
        public String userProperty(String name) {
            return delivery.userProperty(name);
        }

        @Override
        public void done() {
            // acknowledged by the session when it entered the queue
        }
    }
}
