package dev.fountain.broker.protocol;

import dev.fountain.broker.routing.Message;

/**
 * A PUBLISH on its way to one subscriber: the shared message plus this delivery's flags. Written
 * to the channel and turned into bytes by {@link PublishEncoder}, which releases the message.
 *
 * @param subscriptionIds MQTT 5 Subscription Identifiers to send, or {@code null}
 */
record OutboundPublish(Message message, int qos, boolean retain, boolean duplicate, int packetId,
        int[] subscriptionIds) {
}
