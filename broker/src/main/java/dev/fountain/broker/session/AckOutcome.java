package dev.fountain.broker.session;

/** What a client's PUBACK, PUBREC or PUBCOMP did to the message in flight under its identifier. */
public enum AckOutcome {
    /** It moved the exchange on. */
    DONE,
    /**
     * No message is in flight under the identifier: tolerated, since a client may acknowledge again
     * after a reconnect.
     */
    UNKNOWN,
    /**
     * The message under the identifier is at another QoS or stage: a PUBACK for QoS 2, a PUBREC or
     * PUBCOMP for QoS 1, a PUBCOMP before PUBREC. A protocol error, as Mosquitto also treats it.
     */
    WRONG_KIND
}
