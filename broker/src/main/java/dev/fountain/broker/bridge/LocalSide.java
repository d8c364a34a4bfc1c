package dev.fountain.broker.bridge;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.session.ClientConnection;
import dev.fountain.broker.session.Session;
import io.netty.util.concurrent.EventExecutor;

/**
 * What the bridge's local session sends through: the remote connection while it is up, nothing
 * while it is not. The session's outbox does the rest, as for any client: its in-flight window (the
 * remote broker's Receive Maximum), its bounded queue while the remote broker is away (QoS 0 is
 * dropped then, as Mosquitto drops it for a bridge without a socket), resending unacknowledged
 * messages with DUP on every reconnect, and acknowledging a message only when the remote broker
 * has it. Called on the bridge's event loop, which is the session's.
 */
final class LocalSide implements ClientConnection {

    private final EventExecutor loop;
    private Upstream upstream;

    LocalSide(EventExecutor loop) {
        this.loop = loop;
    }

    /** Messages go to {@code ready} from now on, or nowhere when it is {@code null}. */
    void upstream(Upstream ready) {
        this.upstream = ready;
    }

    @Override
    public EventExecutor executor() {
        return loop;
    }

    @Override
    public boolean isOpen() {
        return upstream != null;
    }

    @Override
    public boolean isWritable() {
        return upstream != null && upstream.writable();
    }

    @Override
    public boolean fits(Message message, int qos, int[] subscriptionIds) {
        return upstream == null || upstream.fits(message, qos);
    }

    @Override
    public void sendPublish(Message message, int qos, boolean retain, boolean duplicate, int packetId,
            int[] subscriptionIds) {
        if (upstream == null) {
            message.release();
            return;
        }
        upstream.publish(message, qos, retain, duplicate, packetId);
    }

    @Override
    public void sendPubrel(int packetId) {
        if (upstream != null) {
            upstream.pubrel(packetId);
        }
    }

    @Override
    public void flush() {
        if (upstream != null) {
            upstream.flush();
        }
    }

    @Override
    public void sessionAttached(Session session, boolean sessionPresent) {
        // The bridge attaches its own session; there is no CONNACK to send.
    }

    @Override
    public void takenOver(boolean sessionResumed) {
        // An unregistered session cannot be taken over.
    }
}
