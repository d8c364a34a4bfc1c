package dev.fountain.app.connector;

/**
 * The connector holds as many unconfirmed publishes as it may ({@code fountain.broker.publish-queue}),
 * typically because the external broker has been unreachable for a while: the message is not taken,
 * rather than memory growing without bound.
 */
public final class PublishQueueFullException extends RuntimeException {

    public PublishQueueFullException(String message) {
        super(message);
    }
}
