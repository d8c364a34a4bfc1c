package dev.fountain.broker.protocol;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.protocol.MqttConnection.CloseReason;
import dev.fountain.broker.security.AccessControl.Verdict;
import dev.fountain.broker.security.EnhancedAuthenticator;
import dev.fountain.broker.security.TlsIdentity;
import dev.fountain.broker.session.Session;
import dev.fountain.broker.session.Sessions;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.UUID;

/**
 * CONNECT (MQTT 3.1.1 section 3.1, MQTT 5 section 3.1): validates it, authenticates the client
 * (with an AUTH exchange when an MQTT 5 client names an authentication method), opens or resumes
 * its session, and answers with CONNACK. Refusals carry the code each protocol version assigns and a
 * log line that says which client, from where, and why, because that line is what someone debugging
 * a modem's {@code +ECMTCON:0,0,5} reads.
 */
final class ConnectHandler {

    private final MqttConnection connection;
    private final BrokerContext broker;
    private final BrokerConfig config;
    private final BrokerLog log;
    private String pendingWillLine;
    private MqttConnectMessage pendingConnect;
    private EnhancedAuthenticator authenticator;
    private String clientId;
    private boolean assignedClientId;

    ConnectHandler(MqttConnection connection, BrokerContext broker) {
        this.connection = connection;
        this.broker = broker;
        this.config = broker.config();
        this.log = broker.log();
    }

    void handle(MqttConnectMessage connect) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        MqttVersion version = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        MqttProperties properties = header.properties();
        String propertiesProblem = version == MqttVersion.MQTT_5 ? ClientSettings.propertiesProblem(properties) : null;
        if (propertiesProblem != null) {
            connection.protocolError(propertiesProblem);
            return;
        }
        ClientSettings client = ClientSettings.of(version, header, config.maxKeepalive(),
                connection.isBridge());
        connection.connectRead(client);
        if (header.hasPassword() && !header.hasUserName() && version == MqttVersion.MQTT_3_1_1) {
            connection.protocolError("its CONNECT has a password but no user name [MQTT-3.1.2-22]");
            return;
        }
        clientId = payload.clientIdentifier();
        if (clientId.isEmpty()) {
            if (!header.isCleanSession() && !client.isV5()) {
                refuse(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, null,
                        "an empty client identifier needs CleanSession = 1 [MQTT-3.1.3-8]");
                return;
            }
            if (!config.allowZeroLengthClientId()) {
                refuse(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, null,
                        "an empty client identifier is not allowed (allow_zero_length_clientid false)");
                return;
            }
            clientId = config.autoIdPrefix() + UUID.randomUUID();
            assignedClientId = true;
        }
        int keepAlive = header.keepAliveTimeSeconds();
        if (!client.isV5() && KeepAlive.exceedsMaximum(keepAlive, config.maxKeepalive())) {
            refuse(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, clientId, "keep alive " + keepAlive
                    + " s is more than max_keepalive " + config.maxKeepalive() + " s");
            return;
        }
        String method = client.isV5() ? Properties.string(properties, MqttPropertyType.AUTHENTICATION_METHOD) : null;
        if (method != null) {
            authenticator = broker.authenticators().get(method);
            if (authenticator == null) {
                refuse(ConnackReasonCode.BAD_AUTHENTICATION_METHOD, clientId,
                        "no enhanced authentication for method '" + method + "'");
                return;
            }
            pendingConnect = connect;
            authStep(authenticator.start(clientId, Properties.binary(properties, MqttPropertyType.AUTHENTICATION_DATA)));
            return;
        }
        String certificateUser = TlsIdentity.username(connection.context().channel());
        if (certificateUser != null) {
            // use_identity_as_username / use_subject_as_username: the certificate the TLS handshake
            // verified names the client, so the CONNECT's user name and password are not looked at
            // and password_file is not consulted, as in Mosquitto; the ACL applies to that name.
            accept(connect, certificateUser);
            return;
        }
        String username = header.hasUserName() ? payload.userName() : null;
        Verdict verdict = broker.access().authenticate(username, header.hasPassword() ? payload.passwordInBytes() : null);
        if (!verdict.accepted()) {
            refuse(ConnackReasonCode.of(verdict.outcome()), clientId, verdict.reason());
            return;
        }
        accept(connect, username);
    }

    /** An AUTH packet during the enhanced authentication of CONNECT. */
    void auth(MqttMessage auth) {
        if (authenticator == null) {
            connection.protocolError("it sent AUTH without an authentication method in CONNECT [MQTT-4.12.0-1]");
            return;
        }
        MqttProperties properties = ((MqttReasonCodeAndPropertiesVariableHeader) auth.variableHeader()).properties();
        String method = Properties.string(properties, MqttPropertyType.AUTHENTICATION_METHOD);
        if (!authenticator.method().equals(method)) {
            connection.protocolError("its AUTH names the method '" + method + "', not '" + authenticator.method()
                    + "' [MQTT-4.12.0-5]");
            return;
        }
        authStep(authenticator.next(clientId, Properties.binary(properties, MqttPropertyType.AUTHENTICATION_DATA)));
    }

    boolean authenticating() {
        return pendingConnect != null;
    }

    private void authStep(EnhancedAuthenticator.Step step) {
        switch (step.outcome()) {
            case CONTINUE -> connection.write(Packets.auth(AuthReasonCode.CONTINUE_AUTHENTICATION,
                    authenticator.method(), step.data()));
            case FAILURE -> {
                release();
                refuse(ConnackReasonCode.NOT_AUTHORIZED, clientId, "enhanced authentication ('" + authenticator.method()
                        + "') failed");
            }
            case SUCCESS -> {
                MqttConnectMessage connect = pendingConnect;
                pendingConnect = null;
                String username = step.username() != null ? step.username()
                        : connect.variableHeader().hasUserName() ? connect.payload().userName() : null;
                accept(connect, username);
            }
        }
    }

    /** Forgets a CONNECT still waiting for its authentication, as the connection closed. */
    void release() {
        pendingConnect = null;
    }

    private void accept(MqttConnectMessage connect, String username) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        Will will = null;
        if (header.isWillFlag()) {
            String topicProblem = dev.fountain.topic.Topics.nameProblem(payload.willTopic());
            if (topicProblem != null) {
                connection.protocolError("its Will Topic is invalid: " + topicProblem);
                return;
            }
            if (!TopicLevels.within(connection, config.maxTopicLevels(), payload.willTopic(),
                    DisconnectReasonCode.TOPIC_NAME_INVALID, "its Will Topic")) {
                return;
            }
            if (!broker.access().canWrite(clientId, username, payload.willTopic())) {
                refuse(ConnackReasonCode.NOT_AUTHORIZED, clientId,
                        "the ACL does not let it publish its Will Topic '" + payload.willTopic() + "'");
                return;
            }
            MqttProperties willProperties = payload.willProperties();
            will = new Will(payload.willTopic(), payload.willMessageInBytes(), header.willQos(), header.isWillRetain(),
                    Properties.integer(willProperties, MqttPropertyType.WILL_DELAY_INTERVAL, 0),
                    Properties.integer(willProperties, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1),
                    Properties.forwarded(willProperties));
            pendingWillLine = "Will message specified (" + will.payload().length + " bytes) (r"
                    + (will.retain() ? 1 : 0) + ", q" + will.qos() + ").\n\t" + will.topic();
        } else {
            pendingWillLine = "No will message specified.";
        }
        ClientSettings client = connection.client();
        int keepAlive = client.keepAliveSeconds();
        if (config.connectionMessages() && log.enabled(LogType.NOTICE)) {
            // Mosquitto names bridges in this line (handle_connect.c); what watches its log looks for it.
            log.notice("New " + (client.bridge() ? "bridge" : "client") + " connected from " + connection.remote()
                    + " as " + clientId + " (p" + protocolNumber() + ", c" + (header.isCleanSession() ? 1 : 0)
                    + ", k" + keepAlive + (username != null ? ", u'" + username + "'" : "") + ").");
        }
        long expiry = client.isV5()
                ? Properties.integer(header.properties(), MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0)
                : header.isCleanSession() ? 0 : Session.NEVER_EXPIRES;
        connection.connectAccepted(clientId, username, will, expiry);
        Sessions.Opened opened = broker.sessions().open(clientId, header.isCleanSession(), expiry,
                connection.executor());
        // MQTT 3.1 has no Session Present flag; its byte is reserved and must stay 0.
        boolean sessionPresent = opened.resumed() && client.version() != MqttVersion.MQTT_3_1;
        opened.session().attach(connection, username, sessionPresent, expiry, client.receiveMaximum());
    }

    private int protocolNumber() {
        return switch (connection.client().version()) {
            case MQTT_3_1 -> 1;
            case MQTT_5 -> 5;
            default -> 2;
        };
    }

    /** Answers the accepted CONNECT, once the session is attached. */
    void acknowledge(boolean sessionPresent) {
        connection.debug(pendingWillLine);
        ClientSettings client = connection.client();
        MqttProperties properties = client.isV5() ? connackProperties() : MqttProperties.NO_PROPERTIES;
        long size = client.isV5() ? Packets.connackSize(properties) : 4;
        if (client.maximumPacketSize() > 0 && size > client.maximumPacketSize()) {
            // Every property here tells the client a limit it must keep; none is optional to drop.
            log.notice("Client " + clientId + " from " + connection.remote() + " set a Maximum Packet Size of "
                    + client.maximumPacketSize() + " bytes, smaller than its CONNACK (" + size
                    + " bytes): closing without one [MQTT-3.1.2-24].");
            connection.close(CloseReason.REFUSED);
            return;
        }
        connection.debug("Sending CONNACK to " + clientId + " (" + (sessionPresent ? 1 : 0) + ", 0)");
        connection.write(Packets.connack(client, ConnackReasonCode.SUCCESS, sessionPresent, properties));
    }

    private MqttProperties connackProperties() {
        MqttProperties properties = new MqttProperties();
        if (assignedClientId) {
            Properties.addString(properties, MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER, clientId);
        }
        ClientSettings client = connection.client();
        if (client.serverKeepAlive()) {
            // MQTT 5 lets the server set the keep alive instead of refusing [MQTT-3.2.2-21].
            Properties.addInteger(properties, MqttPropertyType.SERVER_KEEP_ALIVE, client.keepAliveSeconds());
        }
        long granted = broker.sessions().grantedExpiry(connection.sessionExpirySeconds());
        if (granted != connection.sessionExpirySeconds()) {
            Properties.addInteger(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, (int) granted);
        }
        Properties.addInteger(properties, MqttPropertyType.RECEIVE_MAXIMUM, ReceiveMaximum.SERVER);
        Properties.addInteger(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, TopicAliases.SERVER_MAXIMUM);
        Properties.addInteger(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, config.maxPacketSize());
        Properties.addInteger(properties, MqttPropertyType.RETAIN_AVAILABLE, config.retainAvailable() ? 1 : 0);
        Properties.addInteger(properties, MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE, 1);
        Properties.addInteger(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1);
        Properties.addInteger(properties, MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE, 1);
        return properties;
    }

    /**
     * A packet the decoder could not read. Before CONNECT is accepted some failures have a
     * CONNACK code of their own [MQTT-3.1.2-2], [MQTT-3.1.3-9]; all close the connection.
     */
    void rejectUndecodable(Throwable cause, boolean beforeConnect) {
        if (beforeConnect && cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(ConnackReasonCode.UNSUPPORTED_PROTOCOL_VERSION, null,
                    "unsupported protocol name or level (" + cause.getMessage() + ")");
        } else if (beforeConnect && cause instanceof MqttIdentifierRejectedException) {
            refuse(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, null,
                    "the client identifier is not allowed (MQTT 3.1 takes 1 to 23 characters)");
        } else if (cause instanceof Mqtt5PacketCheck.Violation violation && !violation.malformed()) {
            connection.closeWithReason(DisconnectReasonCode.PROTOCOL_ERROR, violation.getMessage());
        } else if (cause instanceof TooLongFrameException) {
            connection.closeWithReason(DisconnectReasonCode.PACKET_TOO_LARGE, "packet larger than max_packet_size ("
                    + config.maxPacketSize() + " bytes)");
        } else {
            String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
            connection.closeWithReason(DisconnectReasonCode.MALFORMED_PACKET, why);
        }
    }

    private void refuse(ConnackReasonCode code, String refusedClientId, String why) {
        ClientSettings client = connection.client();
        String shown = client.isV5() ? "0x" + Integer.toHexString(code.value()) + ", " + code.text()
                : code.v3().value() + ", " + code.v3().text();
        log.notice("Client " + (refusedClientId != null ? refusedClientId : "<unknown>") + " from "
                + connection.remote() + " refused (CONNACK rc " + shown + "): " + why + ".");
        MqttProperties properties = new MqttProperties();
        if (client.isV5() && client.requestProblemInformation()) {
            Properties.addString(properties, MqttPropertyType.REASON_STRING, why);
            if (client.maximumPacketSize() > 0 && Packets.connackSize(properties) > client.maximumPacketSize()) {
                // The Reason String is the one property a client can do without [MQTT-3.2.2-19].
                properties = MqttProperties.NO_PROPERTIES;
            }
        }
        broker.stats().refused(code.name());
        connection.write(Packets.connack(client, code, false, properties));
        connection.close(CloseReason.REFUSED);
    }
}
