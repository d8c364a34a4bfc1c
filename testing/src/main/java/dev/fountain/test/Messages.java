package dev.fountain.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a {@link TestClient} subscription received, in arrival order. */
public final class Messages {

    /** One received message; the payload is a copy the test owns. */
    public record Message(String topic, byte[] payload, int qos, boolean retained) {

        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final String filter;
    private final BlockingQueue<Message> unread = new LinkedBlockingQueue<>();
    private final List<Message> all = new CopyOnWriteArrayList<>();

    Messages(String filter) {
        this.filter = filter;
    }

    void add(Message message) {
        all.add(message);
        unread.add(message);
    }

    /** The next message not yet returned, waiting up to five seconds. */
    public Message next() throws InterruptedException {
        return next(Duration.ofSeconds(5));
    }

    /**
     * The next message not yet returned, waiting up to {@code timeout}.
     *
     * @throws AssertionError when none arrives in time
     */
    public Message next(Duration timeout) throws InterruptedException {
        Message message = unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message on '" + filter + "' within " + timeout + "; received so far: "
                    + all.stream().map(m -> m.topic() + " " + m.text()).toList());
        }
        return message;
    }

    /**
     * Asserts that no further message arrives within {@code window}.
     *
     * @throws AssertionError naming the message that did arrive
     */
    public void expectNone(Duration window) throws InterruptedException {
        Message message = unread.poll(window.toMillis(), TimeUnit.MILLISECONDS);
        if (message != null) {
            throw new AssertionError("expected no message on '" + filter + "', got " + message.topic() + " "
                    + message.text());
        }
    }

    /** Every message received so far, including those already returned by {@link #next()}. */
    public List<Message> all() {
        return List.copyOf(all);
    }
}
