package dev.fountain.app;

import dev.fountain.app.connector.Delivery;
import dev.fountain.app.metrics.RouteMeters.Outcome;

/**
 * A route ready to run: placeholders resolved, handler instance created, reply topic known.
 *
 * @param subscribeFilter what the handler subscribes to, {@code $share/group/...} for a group
 * @param matchingFilter the filter wildcards are read against, without the share prefix
 * @param replyTopic where the return value goes, or {@code null}
 */
record BoundRoute(Route route, Object handler, String subscribeFilter, String matchingFilter, String replyTopic,
        PayloadCodec codec, ConnectorPublisher publisher, HandlerErrors errors) {

    String name() {
        return route.name();
    }

    /** Runs the handler on one delivery; never throws, whatever the handler does, and says how it went. */
    Outcome handle(Delivery delivery) {
        MessageView message = new MessageView(delivery, matchingFilter, codec);
        Object result;
        try {
            result = route.invoker().invoke(handler, message);
        } catch (VirtualMachineError fatal) {
            // Out of memory or stack: not the handler's error to report and carry on from.
            throw fatal;
        } catch (Throwable failure) {
            errors.report(this, message, failure);
            return failure instanceof ConversionException ? Outcome.INVALID : Outcome.ERROR;
        }
        if (replyTopic != null && result != null) {
            try {
                reply(message, result);
            } catch (RuntimeException failure) {
                errors.report(this, message, failure);
                return Outcome.ERROR;
            }
        }
        return Outcome.SUCCESS;
    }

    /**
     * Publishes a handler's return value: to the request's MQTT 5 Response Topic with its
     * Correlation Data when it has one, so request and response work without code (MQTT 5.0
     * section 4.10), else to the {@code @Publish} topic.
     */
    private void reply(Inbound request, Object result) {
        String responseTopic = request.responseTopic();
        if (responseTopic == null) {
            publisher.publish(replyTopic, result, route.reply().qos(), route.reply().retain());
            return;
        }
        publisher.reply(responseTopic, result, route.reply().qos(), request.correlationData());
    }
}
