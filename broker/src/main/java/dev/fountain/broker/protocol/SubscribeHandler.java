package dev.fountain.broker.protocol;

import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.routing.Subscription;
import dev.fountain.broker.session.Session;
import dev.fountain.topic.Topics;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE and UNSUBSCRIBE (MQTT 3.1.1 sections 3.8 and 3.10, MQTT 5 the same). Each filter gets
 * its own code: one that is invalid or that the ACL refuses fails in the SUBACK [MQTT-3.9.3-2]
 * while the others in the same packet still succeed. Retained messages matching a new filter follow
 * the SUBACK, as the MQTT 5 Retain Handling option says.
 */
final class SubscribeHandler {

    private final MqttConnection connection;
    private final BrokerContext broker;
    private final BrokerLog log;

    SubscribeHandler(MqttConnection connection, BrokerContext broker) {
        this.connection = connection;
        this.broker = broker;
        this.log = broker.log();
    }

    void subscribe(MqttSubscribeMessage subscribe) {
        String clientId = connection.clientId();
        int packetId = subscribe.idAndPropertiesVariableHeader().messageId();
        MqttProperties properties = subscribe.idAndPropertiesVariableHeader().properties();
        List<MqttTopicSubscription> requested = subscribe.payload().topicSubscriptions();
        connection.debug("Received SUBSCRIBE from " + clientId);
        if (requested.isEmpty()) {
            connection.closeWithReason(DisconnectReasonCode.PROTOCOL_ERROR, "its SUBSCRIBE has no topic filter [MQTT-3.8.3-3]");
            return;
        }
        for (MqttTopicSubscription entry : requested) {
            if (!TopicLevels.within(connection, broker.config().maxTopicLevels(), entry.topicFilter(),
                    DisconnectReasonCode.TOPIC_FILTER_INVALID, "its SUBSCRIBE filter")) {
                return;
            }
            if (Topics.isShared(entry.topicFilter()) && entry.option().isNoLocal()) {
                connection.protocolError("No Local on the shared subscription '" + entry.topicFilter()
                        + "' [MQTT-3.8.3-4]");
                return;
            }
        }
        int subscriptionId = (int) Properties.integer(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 0);
        Session session = connection.session();
        boolean debug = log.enabled(LogType.DEBUG);
        List<SubackReasonCode> codes = new ArrayList<>(requested.size());
        // the new subscriptions whose retained messages follow the SUBACK, and their filters
        Subscription[] retainedFor = null;
        String[] retainedFilters = null;
        int retainedCount = 0;
        for (MqttTopicSubscription entry : requested) {
            String filter = entry.topicFilter();
            MqttSubscriptionOption options = entry.option();
            int qos = options.qos().value();
            if (debug) {
                connection.debug("\t" + filter + " (QoS " + qos + ")");
            }
            SubackReasonCode refusal = refusal(clientId, filter);
            if (refusal != null) {
                codes.add(refusal);
                continue;
            }
            Subscription subscription = new Subscription(session, filter, qos, noLocal(filter, options),
                    retainAsPublished(options), options.retainHandling().value(), subscriptionId);
            boolean existed = session.subscribe(subscription);
            if (log.enabled(LogType.SUBSCRIBE)) {
                log.log(LogType.SUBSCRIBE, clientId + " " + qos + " " + filter);
            }
            codes.add(SubackReasonCode.granted(qos));
            if (sendsRetained(filter, subscription, existed)) {
                if (retainedFor == null) {
                    retainedFor = new Subscription[requested.size()];
                    retainedFilters = new String[requested.size()];
                }
                retainedFor[retainedCount] = subscription;
                retainedFilters[retainedCount++] = filter;
            }
        }
        connection.debug("Sending SUBACK to " + clientId);
        connection.write(Packets.suback(connection.client(), packetId, codes));
        for (int i = 0; i < retainedCount; i++) {
            sendRetained(session, retainedFilters[i], retainedFor[i]);
        }
    }

    /**
     * No Local as the client asked, and always for a bridge: what a bridge published must not go
     * back to it, or a {@code both} bridge sends every message back where it came from. A 3.1.1
     * bridge cannot ask for it, so Mosquitto gives every subscription of a bridge No Local and Retain
     * As Published (handle_subscribe.c), and Mosquitto's bridges rely on it. Not on a shared
     * subscription, where No Local would lose the group's copy whenever the bridge is the member
     * chosen [MQTT-3.8.3-4].
     */
    private boolean noLocal(String filter, MqttSubscriptionOption options) {
        return options.isNoLocal() || connection.client().bridge() && !Topics.isShared(filter);
    }

    /**
     * Retain As Published as the client asked, and always for a bridge: the broker behind it keeps
     * a retained message as retained only if the RETAIN flag reaches it.
     */
    private boolean retainAsPublished(MqttSubscriptionOption options) {
        return options.isRetainAsPublished() || connection.client().bridge();
    }

    /** {@code null} when {@code filter} may be subscribed to, else the failure code, logged. */
    private SubackReasonCode refusal(String clientId, String filter) {
        String problem = Topics.filterProblem(filter);
        if (problem != null) {
            log.notice("Client " + clientId + " subscription to '" + filter + "' refused: " + problem + ".");
            return SubackReasonCode.TOPIC_FILTER_INVALID;
        }
        if (!broker.access().canSubscribe(clientId, connection.username(), filter)) {
            log.notice("Client " + clientId + " subscription to '" + filter
                    + "' refused by acl_file: a deny line covers it, or no read line reaches it.");
            return SubackReasonCode.NOT_AUTHORIZED;
        }
        return null;
    }

    /**
     * Whether retained messages follow: always for 3.1.1 [MQTT-3.3.1-6], [MQTT-3.8.4-3]; by Retain
     * Handling for MQTT 5 [MQTT-3.3.1-9], [MQTT-3.3.1-10], [MQTT-3.3.1-11]; never for a shared
     * subscription, whose members would each get a copy (MQTT 5.0 section 4.8.2).
     */
    private static boolean sendsRetained(String filter, Subscription subscription, boolean existed) {
        if (Topics.isShared(filter)) {
            return false;
        }
        return switch (subscription.retainHandling()) {
            case 0 -> true;
            case 1 -> !existed;
            default -> false;
        };
    }

    private void sendRetained(Session session, String filter, Subscription subscription) {
        int[] ids = subscription.subscriptionId() == 0 ? null : new int[] {subscription.subscriptionId()};
        broker.router().retained().forEachMatching(filter, message -> {
            if (broker.access().canRead(session, message.topic())) {
                session.deliverRetained(message, Math.min(subscription.qos(), message.qos()), ids);
            } else {
                message.release();
            }
        });
    }

    void unsubscribe(MqttUnsubscribeMessage unsubscribe) {
        String clientId = connection.clientId();
        List<String> filters = unsubscribe.payload().topics();
        connection.debug("Received UNSUBSCRIBE from " + clientId);
        if (filters.isEmpty()) {
            connection.closeWithReason(DisconnectReasonCode.PROTOCOL_ERROR, "its UNSUBSCRIBE has no topic filter [MQTT-3.10.3-2]");
            return;
        }
        for (String filter : filters) {
            if (!TopicLevels.within(connection, broker.config().maxTopicLevels(), filter,
                    DisconnectReasonCode.TOPIC_FILTER_INVALID, "its UNSUBSCRIBE filter")) {
                return;
            }
        }
        Session session = connection.session();
        List<UnsubackReasonCode> codes = new ArrayList<>(filters.size());
        boolean debug = log.enabled(LogType.DEBUG);
        for (String filter : filters) {
            if (debug) {
                connection.debug("\t" + filter);
            }
            codes.add(session.unsubscribe(filter) ? UnsubackReasonCode.SUCCESS : UnsubackReasonCode.NO_SUBSCRIPTION_EXISTED);
            if (log.enabled(LogType.UNSUBSCRIBE)) {
                log.log(LogType.UNSUBSCRIBE, clientId + " " + filter);
            }
        }
        connection.debug("Sending UNSUBACK to " + clientId);
        connection.write(Packets.unsuback(connection.client(), unsubscribe.idAndPropertiesVariableHeader().messageId(), codes));
    }
}
