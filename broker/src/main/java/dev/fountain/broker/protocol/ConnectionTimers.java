package dev.fountain.broker.protocol;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one event loop's connections, the connect deadline and Keep Alive, on one
 * hashed timer wheel: {@link #SLOTS} lists of connections, one per {@link #TICK_MILLIS}, and one
 * task that runs every tick while any connection is on the wheel.
 *
 * <p>Per connection this costs four fields of the connection itself (it is its own list node), where
 * Netty's {@code IdleStateHandler} cost a handler, its pipeline context and a scheduled task (about
 * 220 bytes), and the connect deadline a scheduled task of its own, put into and taken out of the
 * loop's priority queue once per connection. Keep Alive is watched lazily: a read only notes its
 * time in the connection; when the connection's tick comes, it is closed if it has been silent for
 * its limit, else put back for the time it would reach it. So a busy connection is touched by the
 * wheel once per limit, not once per read. A deadline is kept at most one tick late.
 *
 * <p>Touched only on its loop's thread. A loop's wheel is made with its first connection and kept
 * until the loop terminates (an idle client with Keep Alive 0 leaves it at once, and a wheel made
 * and dropped per connection cost more than the deadlines); it ticks only while it holds any.
 */
final class ConnectionTimers implements Runnable {

    static final long TICK_MILLIS = 100;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    /** 51.2 s of ticks; a later deadline goes round the wheel until its time comes. */
    private static final int SLOTS = 512;
    private static final int MASK = SLOTS - 1;

    private static final ConcurrentHashMap<EventExecutor, ConnectionTimers> BY_LOOP = new ConcurrentHashMap<>();

    private final EventExecutor loop;
    private final MqttConnection[] slots = new MqttConnection[SLOTS];
    private int size;
    /** The last tick whose slot has been looked at. */
    private long doneTick;
    private ScheduledFuture<?> ticking;
    /** Whether the wheel leaves the map when its last connection leaves it. */
    private boolean dropWhenEmpty;
    /** The connections whose deadline a tick found passed, until they are told. */
    private final ArrayList<MqttConnection> due = new ArrayList<>();

    private ConnectionTimers(EventExecutor loop) {
        this.loop = loop;
        this.doneTick = Math.floorDiv(loop.ticker().nanoTime(), TICK_NANOS);
    }

    /** The time the wheel of {@code loop} goes by, in nanoseconds. */
    static long now(EventExecutor loop) {
        return loop.ticker().nanoTime();
    }

    /**
     * Has {@code connection}'s {@link MqttConnection#deadlinePassed} called at {@code deadline}, or up
     * to a tick after; replaces the deadline it had.
     */
    static void schedule(MqttConnection connection, long deadline) {
        EventExecutor loop = connection.executor();
        ConnectionTimers timers = BY_LOOP.get(loop);
        if (timers == null) {
            timers = new ConnectionTimers(loop);
            BY_LOOP.put(loop, timers);
            try {
                loop.terminationFuture().addListener(terminated -> BY_LOOP.remove(loop));
            } catch (UnsupportedOperationException neverTerminates) {
                // Netty's embedded loop (tests): one per channel, so its wheel goes when it is empty.
                timers.dropWhenEmpty = true;
            }
        }
        if (connection.timerTick != MqttConnection.NO_TIMER) {
            timers.remove(connection);
        }
        timers.add(connection, deadline);
    }

    /** Takes {@code connection} off its wheel, if it is on one. */
    static void cancel(MqttConnection connection) {
        if (connection.timerTick != MqttConnection.NO_TIMER) {
            BY_LOOP.get(connection.executor()).remove(connection);
        }
    }

    /** How many connections the wheel of {@code loop} holds; for tests. */
    static int size(EventExecutor loop) {
        ConnectionTimers timers = BY_LOOP.get(loop);
        return timers == null ? 0 : timers.size;
    }

    private void add(MqttConnection connection, long deadline) {
        long tick = Math.max(Math.floorDiv(deadline + TICK_NANOS - 1, TICK_NANOS), doneTick + 1);
        connection.timerTick = tick;
        link(connection, (int) (tick & MASK));
        size++;
        if (ticking == null) {
            ticking = loop.schedule(this, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void link(MqttConnection connection, int slot) {
        MqttConnection head = slots[slot];
        connection.timerPrevious = null;
        connection.timerNext = head;
        if (head != null) {
            head.timerPrevious = connection;
        }
        slots[slot] = connection;
    }

    private void remove(MqttConnection connection) {
        unlink(connection, (int) (connection.timerTick & MASK));
        size--;
        if (size == 0) {
            stop();
        }
    }

    private void unlink(MqttConnection connection, int slot) {
        if (connection.timerPrevious != null) {
            connection.timerPrevious.timerNext = connection.timerNext;
        } else {
            slots[slot] = connection.timerNext;
        }
        if (connection.timerNext != null) {
            connection.timerNext.timerPrevious = connection.timerPrevious;
        }
        connection.timerPrevious = null;
        connection.timerNext = null;
        connection.timerTick = MqttConnection.NO_TIMER;
    }

    private void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
        if (dropWhenEmpty) {
            BY_LOOP.remove(loop, this);
        }
    }

    @Override
    public void run() {
        ticking = null;
        long now = loop.ticker().nanoTime();
        long nowTick = Math.floorDiv(now, TICK_NANOS);
        // After a stall of more than a round, one pass over every slot finds every deadline due.
        for (long tick = Math.max(doneTick + 1, nowTick - SLOTS + 1); tick <= nowTick; tick++) {
            takeDue((int) (tick & MASK), nowTick);
        }
        doneTick = Math.max(doneTick, nowTick);
        // Called once the wheel is consistent: what they do may put any connection on it or off.
        for (int i = 0; i < due.size(); i++) {
            due.get(i).deadlinePassed(now);
        }
        due.clear();
        if (size == 0) {
            stop();
        } else if (ticking == null) {
            ticking = loop.schedule(this, TICK_NANOS - Math.floorMod(now, TICK_NANOS), TimeUnit.NANOSECONDS);
        }
    }

    /** Takes the connections of {@code slot} whose tick has come off the wheel, into {@link #due}. */
    private void takeDue(int slot, long nowTick) {
        MqttConnection connection = slots[slot];
        while (connection != null) {
            MqttConnection next = connection.timerNext;
            if (connection.timerTick <= nowTick) {
                unlink(connection, slot);
                size--;
                due.add(connection);
            }
            connection = next;
        }
    }
}
