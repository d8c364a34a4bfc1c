package dev.fountain.broker.protocol;

/**
 * The UNSUBACK Reason Codes of MQTT 5 (section 3.11.3), one per topic filter. MQTT 3.1.1's
 * UNSUBACK has no payload: a 3.1.1 client gets none of these.
 */
enum UnsubackReasonCode {
    SUCCESS(0x00, "success"),
    NO_SUBSCRIPTION_EXISTED(0x11, null),
    UNSPECIFIED_ERROR(0x80, "unspecified error"),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, null),
    NOT_AUTHORIZED(0x87, "not authorised"),
    TOPIC_FILTER_INVALID(0x8F, null),
    PACKET_IDENTIFIER_IN_USE(0x91, null);

    private final int value;
    private final String text;

    UnsubackReasonCode(int value, String text) {
        this.value = value;
        this.text = ReasonCodeText.of(value, text);
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
