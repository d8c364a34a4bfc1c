package dev.fountain.broker.local;

/**
 * Where a {@link LocalClient}'s deliveries go. Called on the client session's event loop, so it
 * must hand the work off, never do it there.
 */
public interface Receiver {

    /** One message; the receiver owns it until it calls {@link Delivery#done()}. */
    void receive(Delivery delivery);

    /** Whether the receiver takes more now; false makes the broker queue for it, bounded. */
    boolean ready();
}
