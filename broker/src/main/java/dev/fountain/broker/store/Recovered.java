package dev.fountain.broker.store;

import java.util.Collection;
import java.util.List;

/**
 * What a store found on disk as it opened, for the broker to take up, and what went wrong on the
 * way: a log whose last write a crash cut short is truncated there ({@link #warnings()}); a file
 * that cannot be read is moved aside with every other file of the store, and the broker starts
 * empty ({@link #error()}), never refusing to start.
 */
public record Recovered(List<StoredSession> sessions, Collection<StoredMessage> retained, List<String> warnings,
        String error, long millis) {

    static final Recovered NOTHING = new Recovered(List.of(), List.of(), List.of(), null, 0);

    /** How many messages the sessions are owed, in flight or queued. */
    public int queuedMessages() {
        int queued = 0;
        for (StoredSession session : sessions) {
            queued += session.entries.size();
        }
        return queued;
    }
}
