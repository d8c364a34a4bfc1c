package dev.fountain.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what a handler could not take, with the handler and the topic, then tells the application's
 * {@link ErrorHandler}. A payload that does not convert is logged without a stack trace: it is the
 * sender's mistake, not the code's.
 */
final class HandlerErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerErrors.class);

    private final ErrorHandler application;

    HandlerErrors(ErrorHandler application) {
        this.application = application;
    }

    void report(BoundRoute route, Inbound message, Throwable failure) {
        if (failure instanceof ConversionException) {
            LOG.warn("Handler {} skipped a message on '{}': {}", route.name(), message.topic(), failure.getMessage());
        } else {
            LOG.error("Handler {} failed on a message on '{}'", route.name(), message.topic(), failure);
        }
        try {
            application.handle(new HandlerError(route.name(), message.topic(), message.payloadBytes(), failure));
        } catch (RuntimeException e) {
            LOG.error("The application's ErrorHandler failed on an error of {}", route.name(), e);
        }
    }
}
