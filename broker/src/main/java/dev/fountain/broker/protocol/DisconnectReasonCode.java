package dev.fountain.broker.protocol;

/**
 * The DISCONNECT Reason Codes of MQTT 5 (section 3.14.2.1), in either direction: the ones the
 * broker closes a connection with, and 0x04, the one a client asks for its Will Message with.
 * MQTT 3.1.1 has no server DISCONNECT: the broker closes the connection and only logs the text.
 */
enum DisconnectReasonCode {
    NORMAL_DISCONNECT(0x00, "success"),
    DISCONNECT_WITH_WILL_MESSAGE(0x04, null),
    UNSPECIFIED_ERROR(0x80, "unspecified error"),
    MALFORMED_PACKET(0x81, "malformed packet"),
    PROTOCOL_ERROR(0x82, "protocol error"),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, null),
    NOT_AUTHORIZED(0x87, "not authorised"),
    SERVER_BUSY(0x89, null),
    SERVER_SHUTTING_DOWN(0x8B, "server shutting down"),
    KEEP_ALIVE_TIMEOUT(0x8D, "keep alive timeout"),
    SESSION_TAKEN_OVER(0x8E, "session taken over"),
    TOPIC_FILTER_INVALID(0x8F, null),
    TOPIC_NAME_INVALID(0x90, null),
    RECEIVE_MAXIMUM_EXCEEDED(0x93, "receive maximum exceeded"),
    TOPIC_ALIAS_INVALID(0x94, "topic alias invalid"),
    PACKET_TOO_LARGE(0x95, "packet too large"),
    MESSAGE_RATE_TOO_HIGH(0x96, null),
    QUOTA_EXCEEDED(0x97, null),
    ADMINISTRATIVE_ACTION(0x98, null),
    PAYLOAD_FORMAT_INVALID(0x99, null),
    RETAIN_NOT_SUPPORTED(0x9A, "retain not supported"),
    QOS_NOT_SUPPORTED(0x9B, null),
    USE_ANOTHER_SERVER(0x9C, null),
    SERVER_MOVED(0x9D, null),
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E, null),
    CONNECTION_RATE_EXCEEDED(0x9F, null),
    MAXIMUM_CONNECT_TIME(0xA0, null),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1, null),
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2, null);

    private final int value;
    private final String text;

    DisconnectReasonCode(int value, String text) {
        this.value = value;
        this.text = ReasonCodeText.of(value, text);
    }

    /** The byte on the wire. */
    int value() {
        return value;
    }

    /** What a log line says about the code ("disconnected due to protocol error"). */
    String text() {
        return text;
    }
}
