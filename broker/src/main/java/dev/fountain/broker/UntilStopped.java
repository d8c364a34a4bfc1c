package dev.fountain.broker;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a command-line program's main thread until the JVM is asked to stop (Ctrl-C, SIGTERM),
 * then closes what it ran, before the JVM exits.
 */
public final class UntilStopped {

    private UntilStopped() {
    }

    /** Blocks until shutdown; {@code running} is closed by the shutdown hook. */
    public static void await(AutoCloseable running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                stopped.countDown();
            }
        }, "fountain-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
