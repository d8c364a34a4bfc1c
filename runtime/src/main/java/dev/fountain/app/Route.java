package dev.fountain.app;

/**
 * One {@code @Subscribe} method: where messages come from, how to call it, and where its return
 * value goes.
 *
 * @param handlerClass the class Guice creates the handler from
 * @param method the method's name, for logs and errors
 * @param filter the topic filter as written, {@code ${key}} placeholders included
 * @param qos the subscription's maximum QoS
 * @param group the shared subscription group, or {@code null}
 * @param invoker calls the method
 * @param reply where the return value is published, or {@code null}
 */
public record Route(Class<?> handlerClass, String method, String filter, int qos, String group, Invoker invoker,
        Reply reply) {

    /** A {@code @Publish}: the topic (placeholders included), QoS and retain flag of the reply. */
    public record Reply(String topic, int qos, boolean retain) {
    }

    /** A route without a reply. */
    public static Route subscribe(Class<?> handlerClass, String method, String filter, int qos, String group,
            Invoker invoker) {
        return new Route(handlerClass, method, filter, qos, group, invoker, null);
    }

    /** This route, publishing the method's return value. */
    public Route publishing(String topic, int replyQos, boolean retain) {
        return new Route(handlerClass, method, filter, qos, group, invoker, new Reply(topic, replyQos, retain));
    }

    /** {@code Fountains#command}, as logs name a handler. */
    public String name() {
        return handlerClass.getSimpleName() + "#" + method;
    }
}
