package dev.fountain.broker.protocol;

/** Mosquitto's wording for packets in the debug log, in one place. */
final class PacketLog {

    private PacketLog() {
    }

    /** {@code (d0, q1, r0, m3, 'home/garden/fountain/2', ... (12 bytes))}, as Mosquitto prints a PUBLISH. */
    static String publish(boolean duplicate, int qos, boolean retain, int packetId, String topic, int bytes) {
        return "(d" + (duplicate ? 1 : 0) + ", q" + qos + ", r" + (retain ? 1 : 0) + ", m" + packetId
                + ", '" + topic + "', ... (" + bytes + " bytes))";
    }
}
