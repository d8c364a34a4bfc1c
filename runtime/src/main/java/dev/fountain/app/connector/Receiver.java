package dev.fountain.app.connector;

/**
 * Where a subscription's messages go. Called on the connector's I/O threads, so it must hand the
 * work off (to the handler workers), never run it there.
 */
public interface Receiver {

    /** One message; the receiver owns it until it calls {@link Delivery#done()}. */
    void receive(Delivery delivery);

    /** Whether the receiver takes more now; false makes the broker hold messages back, bounded. */
    boolean ready();
}
