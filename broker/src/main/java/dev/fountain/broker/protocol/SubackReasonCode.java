package dev.fountain.broker.protocol;

/**
 * The SUBACK Reason Codes of MQTT 5 (section 3.9.3), one per topic filter. MQTT 3.1.1 knows the
 * granted QoS and 0x80, Failure (3.1.1 section 3.9.3): every MQTT 5 failure is 0x80 there.
 */
enum SubackReasonCode {
    GRANTED_QOS_0(0x00, "granted qos 0"),
    GRANTED_QOS_1(0x01, "granted qos 1"),
    GRANTED_QOS_2(0x02, "granted qos 2"),
    UNSPECIFIED_ERROR(0x80, "unspecified error"),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, null),
    NOT_AUTHORIZED(0x87, "not authorised"),
    TOPIC_FILTER_INVALID(0x8F, null),
    PACKET_IDENTIFIER_IN_USE(0x91, null),
    QUOTA_EXCEEDED(0x97, null),
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E, null),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1, null),
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2, null);

    /** The 3.1.1 code of every failure [MQTT-3.9.3-2]. */
    private static final int V3_FAILURE = 0x80;

    private final int value;
    private final String text;

    SubackReasonCode(int value, String text) {
        this.value = value;
        this.text = ReasonCodeText.of(value, text);
    }

    /** The code that grants {@code qos}. */
    static SubackReasonCode granted(int qos) {
        return switch (qos) {
            case 0 -> GRANTED_QOS_0;
            case 1 -> GRANTED_QOS_1;
            case 2 -> GRANTED_QOS_2;
            default -> throw new IllegalArgumentException("QoS " + qos);
        };
    }

    /** The byte on the wire for an MQTT 5 client. */
    int value() {
        return value;
    }

    /** The byte on the wire for an MQTT 3.1.1 or 3.1 client. */
    int v3() {
        return value < 0x80 ? value : V3_FAILURE;
    }

    /** What a log line says about the code. */
    String text() {
        return text;
    }
}
