package dev.fountain.broker.local;

/**
 * The ACL does not let an in-process client publish to a topic or subscribe to a filter: the
 * application's clients are held to {@code acl_file} like any network client, so a handler cannot
 * be made to publish where its user may not (a confused deputy).
 */
public final class NotAuthorisedException extends RuntimeException {

    public NotAuthorisedException(String message) {
        super(message);
    }
}
