package dev.fountain.broker.protocol;

/**
 * The Reason Codes of PUBREL and PUBCOMP, which MQTT 5 gives the same two (sections 3.6.2.1 and
 * 3.7.2.1). MQTT 3.1.1 has none: a 3.1.1 client always gets a plain PUBREL or PUBCOMP.
 */
enum PubrelReasonCode {
    SUCCESS(0x00, "success"),
    PACKET_IDENTIFIER_NOT_FOUND(0x92, null);

    private final int value;
    private final String text;

    PubrelReasonCode(int value, String text) {
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
