package dev.fountain.app.connector;

/**
 * The broker does not let the application publish to a topic: with an ACL, the application's
 * clients are held to it like any other client, so a request cannot make a handler reply where the
 * application's user may not write.
 */
public final class PublishRefusedException extends RuntimeException {

    public PublishRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
