package dev.fountain.broker.bridge;

import java.util.Map;

/**
 * What a remote broker's refusals mean, in the words Mosquitto's bridge logs them with: its 3.1.1
 * CONNACK lines ({@code handle__connack}) and, for MQTT 5, its {@code mosquitto_reason_string}.
 * The broker's own reason-code enums serve the other direction and live in the protocol layer,
 * which a bridge does not use.
 */
final class ReasonText {

    private static final Map<Integer, String> V3_CONNACK = Map.of(
            1, "unacceptable protocol version",
            2, "identifier rejected",
            3, "broker unavailable",
            // Mosquitto 2.0 prints "broker unavailable" here too, which sends people looking in
            // the wrong place; the return code means bad user name or password.
            4, "bad user name or password",
            5, "not authorised");

    private static final Map<Integer, String> V5 = Map.ofEntries(
            Map.entry(0x80, "Unspecified error"),
            Map.entry(0x81, "Malformed Packet"),
            Map.entry(0x82, "Protocol Error"),
            Map.entry(0x83, "Implementation specific error"),
            Map.entry(0x84, "Unsupported Protocol Version"),
            Map.entry(0x85, "Client Identifier not valid"),
            Map.entry(0x86, "Bad User Name or Password"),
            Map.entry(0x87, "Not authorized"),
            Map.entry(0x88, "Server unavailable"),
            Map.entry(0x89, "Server busy"),
            Map.entry(0x8A, "Banned"),
            Map.entry(0x8B, "Server shutting down"),
            Map.entry(0x8C, "Bad authentication method"),
            Map.entry(0x8D, "Keep Alive timeout"),
            Map.entry(0x8E, "Session taken over"),
            Map.entry(0x8F, "Topic Filter invalid"),
            Map.entry(0x90, "Topic Name invalid"),
            Map.entry(0x93, "Receive Maximum exceeded"),
            Map.entry(0x94, "Topic Alias invalid"),
            Map.entry(0x95, "Packet too large"),
            Map.entry(0x96, "Message rate too high"),
            Map.entry(0x97, "Quota exceeded"),
            Map.entry(0x98, "Administrative action"),
            Map.entry(0x99, "Payload format invalid"),
            Map.entry(0x9A, "Retain not supported"),
            Map.entry(0x9B, "QoS not supported"),
            Map.entry(0x9C, "Use another server"),
            Map.entry(0x9D, "Server moved"),
            Map.entry(0x9E, "Shared Subscriptions not supported"),
            Map.entry(0x9F, "Connection rate exceeded"),
            Map.entry(0xA0, "Maximum connect time"),
            Map.entry(0xA1, "Subscription identifiers not supported"),
            Map.entry(0xA2, "Wildcard Subscriptions not supported"));

    private ReasonText() {
    }

    /** The text after Mosquitto's "Connection Refused: ". */
    static String connack(int code, boolean v5) {
        return v5 ? reason(code) : V3_CONNACK.getOrDefault(code, "unknown reason");
    }

    /** An MQTT 5 reason code's name. */
    static String reason(int code) {
        return V5.getOrDefault(code, String.format("reason code 0x%02X", code));
    }
}
