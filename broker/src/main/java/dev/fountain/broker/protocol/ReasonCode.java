package dev.fountain.broker.protocol;

/**
 * MQTT 5 reason codes (section 2.4) the broker sends, and what an MQTT 3.1.1 client gets instead
 * where its protocol has a code at all.
 */
final class ReasonCode {

    static final int SUCCESS = 0x00;
    static final int GRANTED_QOS_1 = 0x01;
    static final int GRANTED_QOS_2 = 0x02;
    static final int DISCONNECT_WITH_WILL = 0x04;
    static final int NO_MATCHING_SUBSCRIBERS = 0x10;
    static final int NO_SUBSCRIPTION_EXISTED = 0x11;
    static final int CONTINUE_AUTHENTICATION = 0x18;
    static final int UNSPECIFIED_ERROR = 0x80;
    static final int MALFORMED_PACKET = 0x81;
    static final int PROTOCOL_ERROR = 0x82;
    static final int IMPLEMENTATION_SPECIFIC_ERROR = 0x83;
    static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;
    static final int CLIENT_IDENTIFIER_NOT_VALID = 0x85;
    static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    static final int NOT_AUTHORIZED = 0x87;
    static final int SERVER_UNAVAILABLE = 0x88;
    static final int SERVER_SHUTTING_DOWN = 0x8B;
    static final int BAD_AUTHENTICATION_METHOD = 0x8C;
    static final int KEEP_ALIVE_TIMEOUT = 0x8D;
    static final int SESSION_TAKEN_OVER = 0x8E;
    static final int TOPIC_FILTER_INVALID = 0x8F;
    static final int TOPIC_NAME_INVALID = 0x90;
    static final int PACKET_IDENTIFIER_NOT_FOUND = 0x92;
    static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;
    static final int TOPIC_ALIAS_INVALID = 0x94;
    static final int PACKET_TOO_LARGE = 0x95;
    static final int QUOTA_EXCEEDED = 0x97;
    static final int PAYLOAD_FORMAT_INVALID = 0x99;
    static final int RETAIN_NOT_SUPPORTED = 0x9A;
    static final int QOS_NOT_SUPPORTED = 0x9B;
    static final int SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = 0x9E;
    static final int SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED = 0xA1;

    private ReasonCode() {
    }

    /** A refusal as an MQTT 3.1.1 CONNACK return code (3.2.2.3). */
    static int connectReturnCodeV3(int reasonCode) {
        return switch (reasonCode) {
            case SUCCESS -> 0;
            case UNSUPPORTED_PROTOCOL_VERSION -> 1;
            case CLIENT_IDENTIFIER_NOT_VALID -> 2;
            case SERVER_UNAVAILABLE, SERVER_SHUTTING_DOWN -> 3;
            case BAD_USER_NAME_OR_PASSWORD -> 4;
            default -> 5;
        };
    }

    /** A SUBACK code for MQTT 3.1.1, which knows only the granted QoS and 0x80. */
    static int subackV3(int reasonCode) {
        return reasonCode < 0x80 ? reasonCode : 0x80;
    }

    /** What a log line says about a code. */
    static String describe(int reasonCode) {
        return switch (reasonCode) {
            case SUCCESS -> "success";
            case UNSPECIFIED_ERROR -> "unspecified error";
            case MALFORMED_PACKET -> "malformed packet";
            case PROTOCOL_ERROR -> "protocol error";
            case UNSUPPORTED_PROTOCOL_VERSION -> "unsupported protocol version";
            case CLIENT_IDENTIFIER_NOT_VALID -> "client identifier not valid";
            case BAD_USER_NAME_OR_PASSWORD -> "bad user name or password";
            case NOT_AUTHORIZED -> "not authorised";
            case SERVER_UNAVAILABLE -> "server unavailable";
            case SERVER_SHUTTING_DOWN -> "server shutting down";
            case BAD_AUTHENTICATION_METHOD -> "bad authentication method";
            case KEEP_ALIVE_TIMEOUT -> "keep alive timeout";
            case SESSION_TAKEN_OVER -> "session taken over";
            case TOPIC_ALIAS_INVALID -> "topic alias invalid";
            case PACKET_TOO_LARGE -> "packet too large";
            case RECEIVE_MAXIMUM_EXCEEDED -> "receive maximum exceeded";
            case RETAIN_NOT_SUPPORTED -> "retain not supported";
            default -> "reason 0x" + Integer.toHexString(reasonCode);
        };
    }
}
