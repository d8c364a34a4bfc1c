package dev.fountain.broker.bridge;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.session.Session;
import io.netty.buffer.Unpooled;

/**
 * Mosquitto's bridge notifications: a retained "1" on the notification topic when the bridge is
 * connected and "0" when it is not, here and (through the connection's will and a PUBLISH after
 * CONNACK) on the remote broker. Published here as the bridge's local session, as Mosquitto does,
 * so the bridge's own No Local subscriptions never carry them out.
 */
final class Notifications {

    static final byte[] UP = {'1'};
    static final byte[] DOWN = {'0'};

    private final String topic;
    private final Router router;

    Notifications(String topic, Router router) {
        this.topic = topic;
        this.router = router;
    }

    String topic() {
        return topic;
    }

    /** Publishes {@code state} here, retained, at QoS 1 (0 when the remote broker takes no more). */
    void local(byte[] state, int qos, Session publisher) {
        Message message = new Message(topic, Unpooled.wrappedBuffer(state), qos, true, PublishProperties.NONE,
                Message.NEVER, publisher);
        try {
            router.publish(message);
        } finally {
            message.release();
        }
    }
}
