package dev.fountain.broker.routing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mosquitto's {@code memory_limit}, for what clients can make the broker hold: the payload bytes of
 * every message alive in it (retained, queued, in flight). A publish that would go past the limit is
 * refused instead of growing the broker towards an OutOfMemoryError; the bytes come back when the
 * message's last holder lets go of it.
 */
public final class MemoryBudget {

    /** No limit: nothing is counted, so the publish path pays nothing for it. */
    public static final MemoryBudget UNLIMITED = new MemoryBudget(0);

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicBoolean refusing = new AtomicBoolean();

    /** @param limit bytes; 0 for none */
    public MemoryBudget(long limit) {
        this.limit = limit;
    }

    public boolean limited() {
        return limit > 0;
    }

    public long limit() {
        return limit;
    }

    /** Bytes held now by counted messages. */
    public long used() {
        return used.get();
    }

    /**
     * Counts {@code bytes} for a new message if the limit allows them.
     *
     * @return whether they were counted; when not, the message must not be made
     */
    public boolean take(long bytes) {
        if (limit == 0) {
            return true;
        }
        if (used.addAndGet(bytes) > limit) {
            used.addAndGet(-bytes);
            return false;
        }
        if (refusing.get()) {
            refusing.set(false);
        }
        return true;
    }

    /**
     * Whether a refusal starts a run of refusals, so the log says so once per run rather than once
     * per message.
     */
    public boolean firstRefusalOfRun() {
        return refusing.compareAndSet(false, true);
    }

    void giveBack(long bytes) {
        used.addAndGet(-bytes);
    }
}
