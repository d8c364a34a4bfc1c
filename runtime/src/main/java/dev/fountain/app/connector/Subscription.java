package dev.fountain.app.connector;

import java.util.concurrent.CompletableFuture;

/** One route's subscription through a {@link Connector}. */
public interface Subscription extends AutoCloseable {

    /** Completes once the broker has the subscription; fails when it refused it. */
    CompletableFuture<Void> subscribed();

    /** The receiver is ready again: let the broker send what it held back meanwhile. */
    void resume();

    /** Unsubscribes; messages not yet acknowledged are the broker's again. */
    @Override
    void close();
}
