package dev.fountain.broker.stats;

import java.util.List;

/**
 * Every meter the broker keeps, under the dot names Micrometer uses (Prometheus writes
 * {@code fountain_messages_received_total}). A meter is a counter that only grows, or a gauge; it
 * is either counted on the event loops ({@link BrokerStats#here()}) or sampled when read from the
 * structure that holds it (the subscription index, the retained store, the session registry).
 *
 * <p>Tags are fixed here, one value per constant: the number of series is known at compile time,
 * whatever clients do. A meter with a tag ({@code qos}, {@code reason}) is one constant per value.
 */
public enum Meter {

    CONNECTIONS_ACTIVE("fountain.connections.active", Kind.GAUGE, Source.SAMPLED, null, null,
            "Network connections open now, MQTT over TCP and WebSocket"),
    CONNECTIONS_OPENED("fountain.connections.opened", Kind.COUNTER, Source.COUNTED, null, null,
            "Network connections accepted"),
    REFUSED_UNSUPPORTED_PROTOCOL_VERSION("fountain.connections.refused", "unsupported_protocol_version"),
    REFUSED_CLIENT_IDENTIFIER_NOT_VALID("fountain.connections.refused", "client_identifier_not_valid"),
    REFUSED_BAD_USER_NAME_OR_PASSWORD("fountain.connections.refused", "bad_user_name_or_password"),
    REFUSED_NOT_AUTHORIZED("fountain.connections.refused", "not_authorized"),
    REFUSED_BAD_AUTHENTICATION_METHOD("fountain.connections.refused", "bad_authentication_method"),
    REFUSED_MAX_CONNECTIONS("fountain.connections.refused", "max_connections"),
    REFUSED_OTHER("fountain.connections.refused", "other"),
    CLIENTS_CONNECTED("fountain.clients.connected", Kind.GAUGE, Source.COUNTED, null, null,
            "MQTT clients connected over the network now (CONNECT accepted)"),
    SESSIONS_PERSISTENT("fountain.sessions.persistent", Kind.GAUGE, Source.SAMPLED, null, null,
            "Sessions that outlive their connection, connected or not"),
    SESSIONS_REGISTERED("fountain.sessions", Kind.GAUGE, Source.SAMPLED, null, null,
            "Sessions of network clients, connected or not"),
    SUBSCRIPTIONS("fountain.subscriptions", Kind.GAUGE, Source.SAMPLED, null, null,
            "Subscriptions over all sessions, the application's handlers included"),
    RETAINED_MESSAGES("fountain.retained.messages", Kind.GAUGE, Source.SAMPLED, null, null,
            "Topics that hold a retained message"),
    RECEIVED_QOS0("fountain.messages.received", "qos", "0"),
    RECEIVED_QOS1("fountain.messages.received", "qos", "1"),
    RECEIVED_QOS2("fountain.messages.received", "qos", "2"),
    SENT_QOS0("fountain.messages.sent", "qos", "0"),
    SENT_QOS1("fountain.messages.sent", "qos", "1"),
    SENT_QOS2("fountain.messages.sent", "qos", "2"),
    DROPPED_QUEUE_FULL("fountain.messages.dropped", "queue_full"),
    DROPPED_EXPIRED("fountain.messages.dropped", "expired"),
    DROPPED_ACL("fountain.messages.dropped", "acl"),
    DROPPED_TOO_LARGE("fountain.messages.dropped", "too_large"),
    DROPPED_MEMORY_LIMIT("fountain.messages.dropped", "memory_limit"),
    IN_FLIGHT("fountain.messages.inflight", Kind.GAUGE, Source.COUNTED, null, null,
            "QoS 1 and 2 messages sent to clients and not yet acknowledged"),
    QUEUED("fountain.messages.queued", Kind.GAUGE, Source.COUNTED, null, null,
            "Messages waiting in sessions behind the in-flight window or for their client to return"),
    BYTES_RECEIVED("fountain.bytes.received", Kind.COUNTER, Source.COUNTED, null, null,
            "MQTT bytes read from network connections"),
    BYTES_SENT("fountain.bytes.sent", Kind.COUNTER, Source.COUNTED, null, null,
            "MQTT bytes written to network connections"),
    PACKETS_RECEIVED("fountain.packets.received", Kind.COUNTER, Source.COUNTED, null, null,
            "MQTT packets of every type read from network connections"),
    PACKETS_SENT("fountain.packets.sent", Kind.COUNTER, Source.COUNTED, null, null,
            "MQTT packets of every type written to network connections"),
    // The durable store keeps these itself, on its writer threads; read from it, 0 without persistence.
    STORE_BYTES("fountain.store.bytes", Kind.GAUGE, Source.SAMPLED, null, null,
            "Bytes the durable store's files take on disk"),
    STORE_COMMITS("fountain.store.commits", Kind.COUNTER, Source.SAMPLED, null, null,
            "Group commits of the durable store: batches of changes written with one system call"),
    STORE_FSYNCS("fountain.store.fsyncs", Kind.COUNTER, Source.SAMPLED, null, null,
            "fsyncs of the durable store's files"),
    STORE_FSYNC_MICROSECONDS("fountain.store.fsync.microseconds", Kind.COUNTER, Source.SAMPLED, null, null,
            "Time spent in fsync by the durable store, in microseconds");

    /** A counter only grows; a gauge goes up and down. */
    public enum Kind { COUNTER, GAUGE }

    /** Counted as it happens, or read from where the state lives when someone looks. */
    public enum Source { COUNTED, SAMPLED }

    private static final List<Meter> ALL = List.of(values());

    private final String meterName;
    private final Kind kind;
    private final Source source;
    private final String tagKey;
    private final String tagValue;
    private final String description;

    Meter(String meterName, Kind kind, Source source, String tagKey, String tagValue, String description) {
        this.meterName = meterName;
        this.kind = kind;
        this.source = source;
        this.tagKey = tagKey;
        this.tagValue = tagValue;
        this.description = description;
    }

    /** One value of a counted counter tagged {@code reason}. */
    Meter(String meterName, String reason) {
        this(meterName, "reason", reason);
    }

    /** One value of a counted counter with one tag. */
    Meter(String meterName, String tagKey, String tagValue) {
        this(meterName, Kind.COUNTER, Source.COUNTED, tagKey, tagValue, describe(meterName));
    }

    private static String describe(String meterName) {
        return switch (meterName) {
            case "fountain.connections.refused" -> "CONNECT packets refused, by reason";
            case "fountain.messages.received" -> "PUBLISH packets received from clients, in-process ones"
                    + " included, by QoS";
            case "fountain.messages.sent" -> "PUBLISH packets sent to clients, in-process ones included, by QoS";
            case "fountain.messages.dropped" -> "Messages dropped, by reason";
            default -> throw new IllegalArgumentException(meterName);
        };
    }

    /** The dot name, shared by every value of one tag. */
    public String meterName() {
        return meterName;
    }

    public Kind kind() {
        return kind;
    }

    public Source source() {
        return source;
    }

    /** The tag's key, or {@code null} for an untagged meter. */
    public String tagKey() {
        return tagKey;
    }

    /** The tag's value, or {@code null} for an untagged meter. */
    public String tagValue() {
        return tagValue;
    }

    public String description() {
        return description;
    }

    /** Every meter, in declaration order: the values of one name are next to each other. */
    public static List<Meter> all() {
        return ALL;
    }

    static Meter received(int qos) {
        return qos == 0 ? RECEIVED_QOS0 : qos == 1 ? RECEIVED_QOS1 : RECEIVED_QOS2;
    }

    static Meter sent(int qos) {
        return qos == 0 ? SENT_QOS0 : qos == 1 ? SENT_QOS1 : SENT_QOS2;
    }

    /**
     * The refusal counter for a CONNACK reason code's name ({@code NOT_AUTHORIZED}); refusals are
     * rare, so a look-up by name costs nothing that matters and keeps protocol's enum out of here.
     */
    static Meter refused(String reasonCodeName) {
        String wanted = "REFUSED_" + reasonCodeName;
        for (Meter meter : ALL) {
            if (meter.name().equals(wanted)) {
                return meter;
            }
        }
        return REFUSED_OTHER;
    }
}
