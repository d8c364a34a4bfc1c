package dev.fountain.bench;

import io.netty.channel.EventLoop;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application handler of {@link HandlerBench}, and its mailbox to the generator: what the
 * handler received goes, as stream and sequence number, to the generator's event loop, which owns
 * every tracker and window ({@link Traffic}) and checks the numbers there. The handler itself only
 * reads the payload's header and files the number.
 *
 * <p>One ring of sequence numbers per stream, each with one writer at a time: a stream is one
 * topic, and the runtime runs one topic's messages one after another (a lane of its handler queue)
 * on whichever worker is free, so one ring's writes are ordered even when its writer thread
 * changes. A ring never fills: it holds what the handler received and the event loop has not yet
 * taken, which is at most what the stream's publisher may have outstanding (its end-to-end window)
 * plus any redelivered duplicates, and it is at least four windows long. The event loop is woken once per
 * batch, not once per message: the handler schedules a drain only when none is pending.
 */
public final class HandlerInbox {

    private final Traffic traffic;
    private final EventLoop loop;
    private final String[] topics;
    private final Ring[] rings;
    private final AtomicLong misrouted = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    /** Misrouted messages already passed to the event loop; the loop's. */
    private long misroutedPassed;

    HandlerInbox(Traffic traffic, EventLoop loop, Stream[] streams, int window) {
        this.traffic = traffic;
        this.loop = loop;
        this.topics = new String[streams.length];
        this.rings = new Ring[streams.length];
        for (int i = 0; i < streams.length; i++) {
            topics[i] = streams[i].topic();
            rings[i] = new Ring(Integer.highestOneBit(Math.max(window, 16)) << 3);
        }
    }

    /** The handler: called by the runtime's workers, one message at a time per topic. */
    public void handle(String topic, ByteBuffer payload) {
        int at = payload.position();
        int stream = payload.remaining() >= Payload.HEADER ? payload.getInt(at) : -1;
        if (stream < 0 || stream >= rings.length || !topic.equals(topics[stream])) {
            misrouted.incrementAndGet();
        } else {
            rings[stream].put(payload.getLong(at + 4), this);
        }
        // After the number is out (a volatile write): the drain clears the flag before it reads
        // the rings, so either it sees this number or this sees the flag clear and schedules one.
        wake();
    }

    private void wake() {
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    /** Messages the handler has filed so far, misrouted ones included; any thread. */
    long filed() {
        long total = misrouted.get();
        for (Ring ring : rings) {
            total += ring.tail.get();
        }
        return total;
    }

    /** On the event loop: passes everything received so far to the trackers, then lets publishers go on. */
    private void drain() {
        drainScheduled.set(false);
        boolean any = false;
        for (int stream = 0; stream < rings.length; stream++) {
            Ring ring = rings[stream];
            long end = ring.tail.get();
            for (long i = ring.taken; i < end; i++) {
                traffic.received(0, stream, ring.slots[(int) i & ring.mask]);
            }
            any |= end != ring.taken;
            ring.taken = end;
            ring.head.lazySet(end);
        }
        for (long total = misrouted.get(); misroutedPassed < total; misroutedPassed++) {
            traffic.received(0, -1, 0);
            any = true;
        }
        if (any) {
            traffic.progressed();
            traffic.pumpSoon();
        }
    }

    /** Sequence numbers of one stream: written by the handler, read by the event loop. */
    private static final class Ring {
        final long[] slots;
        final int mask;
        /** Written: next slot the handler fills. */
        final AtomicLong tail = new AtomicLong();
        /** Taken: next slot the event loop reads, for the writer to see room. */
        final AtomicLong head = new AtomicLong();
        /** The event loop's copy of head. */
        long taken;
        /** The writer's last look at head. */
        long headSeen;

        Ring(int capacity) {
            slots = new long[capacity];
            mask = capacity - 1;
        }

        void put(long sequence, HandlerInbox inbox) {
            long at = tail.get();
            while (at - headSeen >= slots.length) {
                headSeen = head.get();
                if (at - headSeen >= slots.length) {
                    // Only if the event loop stalls: wait for it rather than lose a number.
                    inbox.wake();
                    Thread.yield();
                }
            }
            slots[(int) at & mask] = sequence;
            tail.set(at + 1);
        }
    }
}
