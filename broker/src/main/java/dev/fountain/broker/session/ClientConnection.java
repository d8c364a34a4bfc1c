package dev.fountain.broker.session;

import dev.fountain.broker.routing.Message;
import io.netty.util.concurrent.EventExecutor;

/**
 * What a session sends through: a network connection, or the application's in-process client.
 * Every method but {@link #executor()} is called on that executor, which is the session's while
 * the connection is attached.
 */
public interface ClientConnection {

    /** The thread this connection's I/O runs on; an attached session runs there too. */
    EventExecutor executor();

    /** Whether this connection can still send. */
    boolean isOpen();

    /** Whether a write now would be sent soon rather than pile up in memory. */
    boolean isWritable();

    /**
     * Whether a PUBLISH of {@code message} stays within what the client accepts (its MQTT 5
     * Maximum Packet Size).
     */
    boolean fits(Message message, int qos, int[] subscriptionIds);

    /** Writes a PUBLISH without flushing; takes over one reference to {@code message}. */
    void sendPublish(Message message, int qos, boolean retain, boolean duplicate, int packetId, int[] subscriptionIds);

    /** Writes a PUBREL without flushing. */
    void sendPubrel(int packetId);

    /** Sends what was written. */
    void flush();

    /** The session now sends through this connection: answer CONNECT. */
    void sessionAttached(Session session, boolean sessionPresent);

    /**
     * Another connection took the session over: close, and never touch the session again.
     *
     * @param sessionResumed whether the new connection resumes this session (neither side asked for
     *     a clean start), rather than replacing it
     */
    void takenOver(boolean sessionResumed);
}
