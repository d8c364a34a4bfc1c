package dev.fountain.app;

/**
 * Told about every message a handler could not take, after Fountain logged it; bind an
 * implementation in a Guice module to count, alert or dead-letter. Called on a worker thread; what
 * it throws is logged and otherwise ignored, so the dispatcher goes on.
 */
public interface ErrorHandler {

    void handle(HandlerError error);
}
