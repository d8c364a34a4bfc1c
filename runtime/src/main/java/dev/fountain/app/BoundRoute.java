package dev.fountain.app;

import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.broker.session.LocalConnection;

/**
 * A route ready to run: placeholders resolved, handler instance created, reply topic known.
 *
 * @param subscribeFilter what the handler subscribes to, {@code $share/group/...} for a group
 * @param matchingFilter the filter wildcards are read against, without the share prefix
 * @param replyTopic where the return value goes, or {@code null}
 */
record BoundRoute(Route route, Object handler, String subscribeFilter, String matchingFilter, String replyTopic,
        PayloadCodec codec, BrokerPublisher publisher, HandlerErrors errors) {

    String name() {
        return route.name();
    }

    /** Runs the handler on one delivery; never throws, whatever the handler does. */
    void handle(LocalConnection.Delivery delivery) {
        MessageView message = new MessageView(delivery.message(), matchingFilter, delivery.qos(), delivery.retain(),
                delivery.duplicate(), codec);
        Object result;
        try {
            result = route.invoker().invoke(handler, message);
        } catch (Throwable failure) {
            errors.report(this, message, failure);
            return;
        }
        if (replyTopic != null && result != null) {
            try {
                reply(message, result);
            } catch (RuntimeException failure) {
                errors.report(this, message, failure);
            }
        }
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
        publisher.publish(responseTopic, result, route.reply().qos(), false,
                new PublishProperties(null, null, null, request.correlationData(), java.util.List.of()));
    }
}
