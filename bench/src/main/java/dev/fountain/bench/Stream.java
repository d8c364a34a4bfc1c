package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * One publisher's numbered messages on one topic, and the subscribers that must receive every one
 * of them: one {@link SequenceTracker} per expected subscriber. A subscriber receiving a stream it
 * is not expected to get, or on another topic than the stream's, is misrouting.
 */
final class Stream {

    private final int id;
    private final String topic;
    private final byte[] topicBytes;
    private final int[] subscribers;
    private final SequenceTracker[] trackers;
    private long sent;
    private long confirmedUpTo = -1;

    Stream(int id, String topic, int[] subscribers) {
        this.id = id;
        this.topic = topic;
        this.topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        this.subscribers = subscribers.clone();
        this.trackers = new SequenceTracker[subscribers.length];
        for (int i = 0; i < trackers.length; i++) {
            trackers[i] = new SequenceTracker();
        }
    }

    int id() {
        return id;
    }

    String topic() {
        return topic;
    }

    byte[] topicBytes() {
        return topicBytes;
    }

    int subscriberCount() {
        return subscribers.length;
    }

    /** The generator-wide index of the {@code i}th expected subscriber. */
    int subscriber(int i) {
        return subscribers[i];
    }

    SequenceTracker tracker(int i) {
        return trackers[i];
    }

    /** The number the next message gets. */
    long nextSequence() {
        return sent++;
    }

    long sent() {
        return sent;
    }

    boolean topicIs(ByteBuf in, int index, int length) {
        if (length != topicBytes.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in.getByte(index + i) != topicBytes[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every subscriber has received {@code sequence} or a later message: the end-to-end
     * window counts it as delivered. Later numbers overtaking a lost one still move the window, so
     * a loss shows up in the counters instead of stalling the run.
     */
    boolean confirmed(long sequence) {
        if (sequence <= confirmedUpTo) {
            return true;
        }
        long lowest = Long.MAX_VALUE;
        for (SequenceTracker tracker : trackers) {
            lowest = Math.min(lowest, tracker.highest());
        }
        confirmedUpTo = lowest;
        return sequence <= lowest;
    }

    /** Whether every subscriber has every message sent so far. */
    boolean complete() {
        for (SequenceTracker tracker : trackers) {
            if (tracker.distinct() < sent) {
                return false;
            }
        }
        return true;
    }
}
