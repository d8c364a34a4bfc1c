package dev.fountain.broker.protocol;

/**
 * The Reason Codes of PUBACK and PUBREC, which MQTT 5 gives the same set (sections 3.4.2.1 and
 * 3.5.2.1). MQTT 3.1.1 acknowledgements carry no code: a 3.1.1 client gets none of these.
 */
enum PubackReasonCode {
    SUCCESS(0x00, "success"),
    NO_MATCHING_SUBSCRIBERS(0x10, null),
    UNSPECIFIED_ERROR(0x80, "unspecified error"),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, null),
    NOT_AUTHORIZED(0x87, "not authorised"),
    TOPIC_NAME_INVALID(0x90, null),
    PACKET_IDENTIFIER_IN_USE(0x91, null),
    QUOTA_EXCEEDED(0x97, null),
    PAYLOAD_FORMAT_INVALID(0x99, null);

    private final int value;
    private final String text;

    PubackReasonCode(int value, String text) {
        this.value = value;
        this.text = ReasonCodeText.of(value, text);
    }

    /** The byte on the wire. */
    int value() {
        return value;
    }

    /** Whether the code refuses the message. */
    boolean isFailure() {
        return isFailure(value);
    }

    /**
     * Whether a code refuses the message: 0x80 and above (MQTT 5 section 2.4), a client's code too
     * when this broker has no constant for it.
     */
    static boolean isFailure(int value) {
        return value >= 0x80;
    }

    /** What a log line says about the code. */
    String text() {
        return text;
    }
}
