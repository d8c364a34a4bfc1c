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
    private final Peer peer;
    private String pendingWillLine;
    private MqttConnectMessage pendingConnect;
    private EnhancedAuthenticator authenticator;
    private String clientId;
    private boolean assignedClientId;
    private int serverKeepAlive = -1;

    ConnectHandler(MqttConnection connection, BrokerContext broker, Peer peer) {
        this.connection = connection;
        this.broker = broker;
        this.config = broker.config();
        this.log = broker.log();
        this.peer = peer;
    }

    void handle(MqttConnectMessage connect) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        peer.version = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        MqttProperties properties = header.properties();
        if (peer.isV5() && !readClientProperties(properties)) {
            return;
        }
        if (header.hasPassword() && !header.hasUserName() && peer.version == MqttVersion.MQTT_3_1_1) {
            connection.protocolError("its CONNECT has a password but no user name [MQTT-3.1.2-22]");
            return;
        }
        clientId = payload.clientIdentifier();
        if (clientId.isEmpty()) {
            if (!header.isCleanSession() && !peer.isV5()) {
                refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, null,
                        "an empty client identifier needs CleanSession = 1 [MQTT-3.1.3-8]");
                return;
            }
            if (!config.allowZeroLengthClientId()) {
                refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, null,
                        "an empty client identifier is not allowed (allow_zero_length_clientid false)");
                return;
            }
            clientId = config.autoIdPrefix() + UUID.randomUUID();
            assignedClientId = true;
        }
        int keepAlive = header.keepAliveTimeSeconds();
        if (config.maxKeepalive() > 0 && keepAlive > config.maxKeepalive()) {
            if (!peer.isV5()) {
                refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, clientId, "keep alive " + keepAlive
                        + " s is more than max_keepalive " + config.maxKeepalive() + " s");
                return;
            }
            // MQTT 5 lets the server set the keep alive instead of refusing [MQTT-3.2.2-21].
            serverKeepAlive = config.maxKeepalive();
        }
        String method = peer.isV5() ? Properties.string(properties, MqttPropertyType.AUTHENTICATION_METHOD) : null;
        if (method != null) {
            authenticator = broker.authenticators().get(method);
            if (authenticator == null) {
                refuse(ReasonCode.BAD_AUTHENTICATION_METHOD, clientId,
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
            refuse(verdict.returnCode() == 4 ? ReasonCode.BAD_USER_NAME_OR_PASSWORD : ReasonCode.NOT_AUTHORIZED,
                    clientId, verdict.reason());
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
            case CONTINUE -> connection.write(Packets.auth(ReasonCode.CONTINUE_AUTHENTICATION, authenticator.method(),
                    step.data()));
            case FAILURE -> {
                release();
                refuse(ReasonCode.NOT_AUTHORIZED, clientId, "enhanced authentication ('" + authenticator.method()
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

    /** Reads what an MQTT 5 client says about itself; false when that is a protocol error. */
    private boolean readClientProperties(MqttProperties properties) {
        peer.sessionExpirySeconds = Properties.integer(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0);
        long receiveMaximum = Properties.integer(properties, MqttPropertyType.RECEIVE_MAXIMUM, 65_535);
        long maximumPacketSize = Properties.integer(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, 0);
        if (receiveMaximum == 0 || properties.getProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value()) != null
                && maximumPacketSize == 0) {
            connection.protocolError("its CONNECT sets Receive Maximum or Maximum Packet Size to 0"
                    + " (MQTT 5.0 sections 3.1.2.11.3 and 3.1.2.11.4)");
            return false;
        }
        peer.receiveMaximum = (int) receiveMaximum;
        peer.maximumPacketSize = maximumPacketSize;
        peer.topicAliasMaximum = (int) Properties.integer(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0);
        peer.problemInformation = Properties.integer(properties, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1) != 0;
        return true;
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
            if (!connection.withinTopicLevels(payload.willTopic(), ReasonCode.TOPIC_NAME_INVALID, "its Will Topic")) {
                return;
            }
            if (!broker.access().canWrite(clientId, username, payload.willTopic())) {
                refuse(ReasonCode.NOT_AUTHORIZED, clientId,
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
        int keepAlive = serverKeepAlive >= 0 ? serverKeepAlive : header.keepAliveTimeSeconds();
        if (config.connectionMessages() && log.enabled(LogType.NOTICE)) {
            log.notice("New client connected from " + connection.remote() + " as " + clientId + " (p"
                    + protocolNumber() + ", c" + (header.isCleanSession() ? 1 : 0) + ", k" + keepAlive
                    + (username != null ? ", u'" + username + "'" : "") + ").");
        }
        long expiry = peer.isV5() ? peer.sessionExpirySeconds
                : header.isCleanSession() ? 0 : Session.NEVER_EXPIRES;
        peer.sessionExpirySeconds = expiry;
        connection.connectAccepted(clientId, username, will, keepAlive);
        Sessions.Opened opened = broker.sessions().open(clientId, header.isCleanSession(), expiry,
                connection.executor());
        // MQTT 3.1 has no Session Present flag; its byte is reserved and must stay 0.
        boolean sessionPresent = opened.resumed() && peer.version != MqttVersion.MQTT_3_1;
        opened.session().attach(connection, username, sessionPresent, expiry, peer.receiveMaximum);
    }

    private int protocolNumber() {
        return switch (peer.version) {
            case MQTT_3_1 -> 1;
            case MQTT_5 -> 5;
            default -> 2;
        };
    }

    /** Answers the accepted CONNECT, once the session is attached. */
    void acknowledge(boolean sessionPresent) {
        connection.debug(pendingWillLine);
        connection.debug("Sending CONNACK to " + clientId + " (" + (sessionPresent ? 1 : 0) + ", 0)");
        connection.write(Packets.connack(peer, ReasonCode.SUCCESS, sessionPresent, connackProperties()));
    }

    private MqttProperties connackProperties() {
        MqttProperties properties = new MqttProperties();
        if (assignedClientId) {
            Properties.addString(properties, MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER, clientId);
        }
        if (serverKeepAlive >= 0) {
            Properties.addInteger(properties, MqttPropertyType.SERVER_KEEP_ALIVE, serverKeepAlive);
        }
        long granted = broker.sessions().grantedExpiry(peer.sessionExpirySeconds);
        if (granted != peer.sessionExpirySeconds) {
            Properties.addInteger(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, (int) granted);
        }
        Properties.addInteger(properties, MqttPropertyType.RECEIVE_MAXIMUM, Peer.SERVER_RECEIVE_MAXIMUM);
        Properties.addInteger(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, Peer.SERVER_TOPIC_ALIAS_MAXIMUM);
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
            refuse(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, null,
                    "unsupported protocol name or level (" + cause.getMessage() + ")");
        } else if (beforeConnect && cause instanceof MqttIdentifierRejectedException) {
            refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, null,
                    "the client identifier is not allowed (MQTT 3.1 takes 1 to 23 characters)");
        } else if (cause instanceof TooLongFrameException) {
            connection.closeWithReason(ReasonCode.PACKET_TOO_LARGE, "packet larger than max_packet_size ("
                    + config.maxPacketSize() + " bytes)");
        } else {
            String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
            connection.closeWithReason(ReasonCode.MALFORMED_PACKET, "malformed packet: " + why);
        }
    }

    private void refuse(int reasonCode, String refusedClientId, String why) {
        int shown = peer.isV5() ? reasonCode : ReasonCode.connectReturnCodeV3(reasonCode);
        String meaning = peer.isV5() ? ReasonCode.describe(reasonCode) : meaningV3(shown);
        log.notice("Client " + (refusedClientId != null ? refusedClientId : "<unknown>") + " from "
                + connection.remote() + " refused (CONNACK rc " + (peer.isV5() ? "0x" + Integer.toHexString(shown) : shown)
                + ", " + meaning + "): " + why + ".");
        MqttProperties properties = new MqttProperties();
        if (peer.isV5() && peer.problemInformation) {
            Properties.addString(properties, MqttPropertyType.REASON_STRING, why);
        }
        connection.write(Packets.connack(peer, reasonCode, false, properties));
        connection.close(CloseReason.REFUSED);
    }

    private static String meaningV3(int returnCode) {
        return switch (returnCode) {
            case 1 -> "unacceptable protocol version";
            case 2 -> "identifier rejected";
            case 3 -> "server unavailable";
            case 4 -> "bad user name or password";
            case 5 -> "not authorised";
            default -> "refused";
        };
    }
}
