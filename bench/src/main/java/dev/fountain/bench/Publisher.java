package dev.fountain.bench;

import io.netty.buffer.ByteBuf;

/**
 * One publishing connection. It sends round robin over its streams, in batches written into one
 * buffer and flushed once, and never runs ahead of what it may: at most {@code window} messages
 * not yet seen by all their subscribers (the end-to-end window, which keeps the broker's queues
 * and the generator's bounded), at most {@code inflight} QoS 1/2 exchanges unacknowledged, no
 * faster than {@code rate} when one is set, and not while its socket buffer is full.
 *
 * <p>At a fixed rate a message carries the time it went out, unless the broker held it back (a
 * full in-flight or end-to-end window, or a full socket buffer, when it was due): then it carries
 * the time it was due, so that a broker stall counts in the latency of every message it delayed
 * instead of hiding it (coordinated omission), while the generator's own lateness does not count
 * against the broker.
 */
final class Publisher implements MqttClient.Listener {

    private static final int BATCH = 64;
    private static final int PACKET_IDS = 65536;

    private final Traffic traffic;
    private final Stream[] streams;
    private final int qos;
    private final int payloadSize;
    private final int maxInflight;
    private final double ratePerNanosecond;
    private final Stream[] windowStreams;
    private final long[] windowSequences;
    private final boolean[] inUse = new boolean[PACKET_IDS];
    private MqttClient client;
    private int windowHead;
    private int windowSize;
    private int inflight;
    private int lastPacketId;
    private int nextStream;
    private long sent;
    private long startNanos;
    private boolean heldBack;

    Publisher(Traffic traffic, Stream[] streams, int qos, int payloadSize, int window, int maxInflight,
            double ratePerSecond) {
        this.traffic = traffic;
        this.streams = streams.clone();
        this.qos = qos;
        this.payloadSize = payloadSize;
        this.maxInflight = maxInflight;
        this.ratePerNanosecond = ratePerSecond / 1e9;
        this.windowStreams = new Stream[window];
        this.windowSequences = new long[window];
    }

    void attach(MqttClient connected) {
        this.client = connected;
    }

    MqttClient client() {
        return client;
    }

    void start(long nowNanos) {
        startNanos = nowNanos;
    }

    int inflight() {
        return inflight;
    }

    /** Nothing sent is still unconfirmed end to end or unacknowledged. */
    boolean idle() {
        return windowSize == 0 && inflight == 0;
    }

    /**
     * Moves the window past what has arrived and sends what may be sent now.
     *
     * @return whether a full batch went out, so that more may follow at once
     */
    boolean pump(long nowNanos, boolean sending, LatencyHistogram sendLag) {
        while (windowSize > 0 && windowStreams[windowHead].confirmed(windowSequences[windowHead])) {
            windowStreams[windowHead] = null;
            windowHead = (windowHead + 1) % windowStreams.length;
            windowSize--;
        }
        if (!sending) {
            return false;
        }
        // at a fixed rate message k is due at start + k / rate: the first at the start
        long due = ratePerNanosecond > 0 ? (long) ((nowNanos - startNanos) * ratePerNanosecond) + 1 - sent : BATCH;
        if (due <= 0) {
            return false;
        }
        long windowRoom = windowStreams.length - windowSize;
        long room = client.channel().isWritable() ? windowRoom : 0;
        if (qos > 0) {
            room = Math.min(room, maxInflight - inflight);
        }
        if (room <= 0) {
            heldBack = ratePerNanosecond > 0;
            return false;
        }
        if (ratePerNanosecond == 0 && windowRoom < Math.min(BATCH, windowStreams.length / 2)) {
            // Refill the end-to-end window a batch at a time, not a message per message received:
            // against a broker that writes each message on its own, that is one write instead of
            // dozens for the generator and one read instead of dozens for the broker.
            return false;
        }
        int count = (int) Math.min(BATCH, Math.min(room, due));
        ByteBuf out = client.pending();
        for (int i = 0; i < count; i++) {
            Stream stream = streams[nextStream];
            nextStream = nextStream + 1 == streams.length ? 0 : nextStream + 1;
            long sequence = stream.nextSequence();
            Packets.publishHeader(out, stream.topicBytes(), qos, qos > 0 ? allocatePacketId() : 0, payloadSize);
            Payload.write(out, stream.id(), sequence, stamp(nowNanos, sent + i, sendLag), payloadSize);
            int tail = (windowHead + windowSize) % windowStreams.length;
            windowStreams[tail] = stream;
            windowSequences[tail] = sequence;
            windowSize++;
        }
        heldBack = false;
        sent += count;
        client.flush();
        return count == BATCH;
    }

    /** The send time a message carries: now, or when it was due if the broker held it back. */
    private long stamp(long nowNanos, long index, LatencyHistogram sendLag) {
        if (ratePerNanosecond == 0) {
            return nowNanos;
        }
        long due = startNanos + (long) (index / ratePerNanosecond);
        if (sendLag != null) {
            sendLag.record(nowNanos - due);
        }
        return heldBack ? due : nowNanos;
    }

    private int allocatePacketId() {
        do {
            lastPacketId = lastPacketId == PACKET_IDS - 1 ? 1 : lastPacketId + 1;
        } while (inUse[lastPacketId]);
        inUse[lastPacketId] = true;
        inflight++;
        return lastPacketId;
    }

    @Override
    public void acknowledged(MqttClient from, int packetId) {
        if (inUse[packetId]) {
            inUse[packetId] = false;
            inflight--;
            traffic.progressed();
        }
    }

    @Override
    public void progress(MqttClient from) {
        traffic.pumpSoon();
    }
}
