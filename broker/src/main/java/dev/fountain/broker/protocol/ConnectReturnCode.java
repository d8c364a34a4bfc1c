package dev.fountain.broker.protocol;

/**
 * The CONNACK return codes of MQTT 3.1 and 3.1.1 (3.1.1 section 3.2.2.3), the six an MQTT 5
 * {@link ConnackReasonCode} is mapped to for those clients. The log text is the code's meaning as
 * a refusal line prints it ("CONNACK rc 5, not authorised").
 */
enum ConnectReturnCode {
    CONNECTION_ACCEPTED(0, "accepted"),
    UNACCEPTABLE_PROTOCOL_VERSION(1, "unacceptable protocol version"),
    IDENTIFIER_REJECTED(2, "identifier rejected"),
    SERVER_UNAVAILABLE(3, "server unavailable"),
    BAD_USER_NAME_OR_PASSWORD(4, "bad user name or password"),
    NOT_AUTHORIZED(5, "not authorised");

    private final int value;
    private final String text;

    ConnectReturnCode(int value, String text) {
        this.value = value;
        this.text = text;
    }

    /** The byte on the wire. */
    int value() {
        return value;
    }

    /** What a log line says about the code. */
    String text() {
        return text;
    }
}
