package dev.fountain.broker.protocol;

/**
 * The AUTH Reason Codes of MQTT 5 (section 3.15.2.1). MQTT 3.1.1 has no AUTH packet: enhanced
 * authentication (section 4.12) is for MQTT 5 clients only.
 */
enum AuthReasonCode {
    SUCCESS(0x00, "success"),
    CONTINUE_AUTHENTICATION(0x18, null),
    REAUTHENTICATE(0x19, null);

    private final int value;
    private final String text;

    AuthReasonCode(int value, String text) {
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
