package dev.fountain.broker.session;

/** Work for a session, run on the session's thread in the order it was handed over. */
@FunctionalInterface
public interface SessionTask {
    void run(Session session);
}
