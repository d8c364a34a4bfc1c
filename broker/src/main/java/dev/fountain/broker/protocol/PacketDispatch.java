package dev.fountain.broker.protocol;

import dev.fountain.broker.protocol.MqttConnection.CloseReason;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

/**
 * Which handler a decoded packet goes to: before CONNACK only CONNECT (and AUTH during enhanced
 * authentication) is allowed [MQTT-3.1.0-1]; after it, each packet type has its handler, and a
 * packet only a server sends is a protocol error.
 */
final class PacketDispatch {

    private final MqttConnection connection;
    private final BrokerContext broker;
    // Each handler is made when its first packet comes: an idle client, which sent CONNECT and
    // nothing since, keeps none of them. The CONNECT handler goes once CONNACK is out.
    private ConnectHandler connect;
    private PublishHandler publish;
    private SubscribeHandler subscribe;
    private AckHandler acks;

    /** Made with a connection's first packet: one that never sends any costs no more than it must. */
    PacketDispatch(MqttConnection connection, BrokerContext broker) {
        this.connection = connection;
        this.broker = broker;
    }

    ConnectHandler connect() {
        if (connect == null) {
            connect = new ConnectHandler(connection, broker);
        }
        return connect;
    }

    /**
     * CONNACK is out: what the CONNECT handler kept for it is not needed again.
     *
     * @return whether no handler is left, so this dispatch can go too
     */
    boolean connectDone() {
        connect = null;
        return publish == null && subscribe == null && acks == null;
    }

    /** The connection closed: a CONNECT still waiting for its authentication is forgotten. */
    void closed() {
        if (connect != null) {
            connect.release();
        }
    }

    PublishHandler publish() {
        if (publish == null) {
            publish = new PublishHandler(connection, broker);
        }
        return publish;
    }

    private SubscribeHandler subscribe() {
        if (subscribe == null) {
            subscribe = new SubscribeHandler(connection, broker);
        }
        return subscribe;
    }

    private AckHandler acks() {
        if (acks == null) {
            acks = new AckHandler(connection);
        }
        return acks;
    }

    void beforeConnack(MqttMessage packet) {
        MqttMessageType type = packet.fixedHeader().messageType();
        if (type == MqttMessageType.CONNECT && !connect().authenticating()) {
            connect().handle((MqttConnectMessage) packet);
        } else if (type == MqttMessageType.AUTH && connect().authenticating()) {
            connect().auth(packet);
        } else {
            connection.protocolError("it sent " + type + " before its CONNECT was accepted [MQTT-3.1.0-1]");
        }
    }

    void connected(MqttMessage packet) {
        MqttMessageType type = packet.fixedHeader().messageType();
        switch (type) {
            case PUBLISH -> publish().publish((MqttPublishMessage) packet);
            case PUBACK, PUBREC, PUBCOMP -> acks().handle(packet);
            case PUBREL -> publish().release(((MqttMessageIdVariableHeader) packet.variableHeader()).messageId());
            case SUBSCRIBE -> subscribe().subscribe((MqttSubscribeMessage) packet);
            case UNSUBSCRIBE -> subscribe().unsubscribe((MqttUnsubscribeMessage) packet);
            case PINGREQ -> {
                connection.debug("Received PINGREQ from " + connection.clientId());
                connection.debug("Sending PINGRESP to " + connection.clientId());
                connection.write(Packets.PINGRESP);
            }
            case DISCONNECT -> disconnect(packet);
            case CONNECT -> connection.protocolError("it sent a second CONNECT [MQTT-3.1.0-2]");
            case AUTH -> connection.protocolError("it sent AUTH after CONNACK; re-authentication is not supported");
            default -> connection.protocolError("it sent " + type + ", which only a server sends");
        }
    }

    /** DISCONNECT: no will, unless an MQTT 5 client asks for it with 0x04 [MQTT-3.14.4-3]. */
    private void disconnect(MqttMessage packet) {
        connection.debug("Received DISCONNECT from " + connection.clientId());
        boolean keepWill = false;
        if (packet.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            long expiry = Properties.integer(header.properties(), MqttPropertyType.SESSION_EXPIRY_INTERVAL, -1);
            if (expiry > 0 && connection.sessionExpirySeconds() == 0) {
                connection.protocolError("its DISCONNECT sets a Session Expiry Interval after CONNECT set 0"
                        + " [MQTT-3.14.2-2]");
                return;
            }
            if (expiry >= 0) {
                connection.sessionExpirySeconds(expiry);
            }
            keepWill = (header.reasonCode() & 0xFF) == DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE.value();
        }
        if (!keepWill) {
            connection.dropWill();
        }
        connection.close(CloseReason.CLIENT_DISCONNECTED);
    }
}
