package dev.fountain.bench.fuzz;

/** What a fuzz case is made of, for the per-type counts of the report; CONNECT is always first. */
enum PacketType {
    CONNECT, PUBLISH_QOS0, PUBLISH_QOS1, PUBLISH_QOS2, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, PUBACK, PUBREC, PUBREL,
    PUBCOMP, DISCONNECT, AUTH
}
