package dev.fountain.broker.protocol;

import dev.fountain.broker.security.AccessControl;

/**
 * The CONNACK Reason Codes of MQTT 5 (section 3.2.2.2), each with the MQTT 3.1.1 return code a
 * 3.1.1 or 3.1 client gets instead (3.1.1 section 3.2.2.3) and the text a refusal line logs.
 */
enum ConnackReasonCode {
    SUCCESS(0x00, ConnectReturnCode.CONNECTION_ACCEPTED, "success"),
    UNSPECIFIED_ERROR(0x80, null, "unspecified error"),
    MALFORMED_PACKET(0x81, null, "malformed packet"),
    PROTOCOL_ERROR(0x82, null, "protocol error"),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, null, null),
    UNSUPPORTED_PROTOCOL_VERSION(0x84, ConnectReturnCode.UNACCEPTABLE_PROTOCOL_VERSION, "unsupported protocol version"),
    CLIENT_IDENTIFIER_NOT_VALID(0x85, ConnectReturnCode.IDENTIFIER_REJECTED, "client identifier not valid"),
    BAD_USER_NAME_OR_PASSWORD(0x86, ConnectReturnCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password"),
    NOT_AUTHORIZED(0x87, ConnectReturnCode.NOT_AUTHORIZED, "not authorised"),
    SERVER_UNAVAILABLE(0x88, ConnectReturnCode.SERVER_UNAVAILABLE, "server unavailable"),
    SERVER_BUSY(0x89, ConnectReturnCode.SERVER_UNAVAILABLE, null),
    BANNED(0x8A, ConnectReturnCode.NOT_AUTHORIZED, null),
    BAD_AUTHENTICATION_METHOD(0x8C, null, "bad authentication method"),
    TOPIC_NAME_INVALID(0x90, null, null),
    PACKET_TOO_LARGE(0x95, null, "packet too large"),
    QUOTA_EXCEEDED(0x97, null, null),
    PAYLOAD_FORMAT_INVALID(0x99, null, null),
    RETAIN_NOT_SUPPORTED(0x9A, null, "retain not supported"),
    QOS_NOT_SUPPORTED(0x9B, null, null),
    USE_ANOTHER_SERVER(0x9C, null, null),
    SERVER_MOVED(0x9D, null, null),
    CONNECTION_RATE_EXCEEDED(0x9F, null, null);

    private final int value;
    private final ConnectReturnCode v3;
    private final String text;

    ConnackReasonCode(int value, ConnectReturnCode v3, String text) {
        this.value = value;
        this.v3 = v3;
        this.text = ReasonCodeText.of(value, text);
    }

    /** The byte on the wire. */
    int value() {
        return value;
    }

    /**
     * The return code an MQTT 3.1.1 client gets. 3.1.1 has six; a refusal it has no code for is
     * 5, Not authorized, the one that says least about why.
     */
    ConnectReturnCode v3() {
        return v3 != null ? v3 : ConnectReturnCode.NOT_AUTHORIZED;
    }

    /** What a log line says about the code. */
    String text() {
        return text;
    }

    /**
     * The refusal an authentication verdict stands for: unknown user or wrong password is 0x86 (3.1.1
     * return code 4), a client the broker does not let in at all is 0x87 (5).
     */
    static ConnackReasonCode of(AccessControl.Verdict.Outcome outcome) {
        return switch (outcome) {
            case ACCEPTED -> SUCCESS;
            case BAD_CREDENTIALS -> BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORISED -> NOT_AUTHORIZED;
        };
    }
}
