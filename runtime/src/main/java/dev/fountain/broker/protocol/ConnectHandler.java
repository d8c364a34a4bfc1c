package dev.fountain.broker.protocol;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.protocol.MqttConnection.CloseReason;
import dev.fountain.broker.security.AccessControl.Verdict;
import dev.fountain.broker.session.Sessions;
import dev.fountain.topic.Topics;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.UUID;

/**
 * CONNECT (MQTT 3.1.1 section 3.1): validates it, authenticates the client, opens or resumes its
 * session, and answers with CONNACK. Refusals carry the return code the specification assigns
 * and a log line that says which client, from where, and why, because that line is what someone
 * debugging a modem's {@code +ECMTCON:0,0,5} reads.
 */
final class ConnectHandler {

    private final MqttConnection connection;
    private final BrokerContext broker;
    private final BrokerConfig config;
    private final BrokerLog log;
    private String pendingWillLine;
    private int protocolNumber;
    private boolean cleanSession;
    private int keepAlive;

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
        if (version == MqttVersion.MQTT_5) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION, null,
                    "MQTT 5 is not supported yet; connect with MQTT 3.1.1");
            return;
        }
        protocolNumber = version == MqttVersion.MQTT_3_1 ? 1 : 2;
        cleanSession = header.isCleanSession();
        keepAlive = header.keepAliveTimeSeconds();
        String username = header.hasUserName() ? payload.userName() : null;
        if (header.hasPassword() && !header.hasUserName() && version == MqttVersion.MQTT_3_1_1) {
            connection.protocolError("its CONNECT has a password but no user name [MQTT-3.1.2-22]");
            return;
        }
        String clientId = payload.clientIdentifier();
        if (clientId.isEmpty()) {
            if (!cleanSession) {
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, null,
                        "an empty client identifier needs CleanSession = 1 [MQTT-3.1.3-8]");
                return;
            }
            if (!config.allowZeroLengthClientId()) {
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, null,
                        "an empty client identifier is not allowed (allow_zero_length_clientid false)");
                return;
            }
            clientId = config.autoIdPrefix() + UUID.randomUUID();
        }
        if (config.maxKeepalive() > 0 && keepAlive > config.maxKeepalive()) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, clientId,
                    "keep alive " + keepAlive + " s is more than max_keepalive " + config.maxKeepalive() + " s");
            return;
        }
        byte[] password = header.hasPassword() ? payload.passwordInBytes() : null;
        Verdict verdict = broker.access().authenticate(username, password);
        if (!verdict.accepted()) {
            refuse(MqttConnectReturnCode.valueOf((byte) verdict.returnCode()), clientId, verdict.reason());
            return;
        }
        Will will = null;
        if (header.isWillFlag()) {
            String topicProblem = Topics.nameProblem(payload.willTopic());
            if (topicProblem != null) {
                connection.protocolError("its Will Topic is invalid: " + topicProblem);
                return;
            }
            if (!broker.access().canWrite(clientId, username, payload.willTopic())) {
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, clientId,
                        "the ACL does not let it publish its Will Topic '" + payload.willTopic() + "'");
                return;
            }
            will = new Will(payload.willTopic(), payload.willMessageInBytes(), header.willQos(), header.isWillRetain());
            pendingWillLine = "Will message specified (" + will.payload().length + " bytes) (r"
                    + (will.retain() ? 1 : 0) + ", q" + will.qos() + ").\n\t" + will.topic();
        } else {
            pendingWillLine = "No will message specified.";
        }
        if (config.connectionMessages()) {
            log.notice("New client connected from " + connection.remote() + " as " + clientId + " (p"
                    + protocolNumber + ", c" + (cleanSession ? 1 : 0) + ", k" + keepAlive
                    + (username != null ? ", u'" + username + "'" : "") + ").");
        }
        connection.connectAccepted(version, clientId, username, will, keepAlive);
        Sessions.Opened opened = broker.sessions().open(clientId, cleanSession, connection.executor());
        // MQTT 3.1 has no Session Present flag; its byte is reserved and must stay 0.
        boolean sessionPresent = opened.resumed() && version != MqttVersion.MQTT_3_1;
        opened.session().attach(connection, username, sessionPresent);
    }

    /** Answers the accepted CONNECT, once the session is attached. */
    void acknowledge(boolean sessionPresent) {
        connection.debug(pendingWillLine);
        connection.debug("Sending CONNACK to " + connection.clientId() + " (" + (sessionPresent ? 1 : 0) + ", 0)");
        connection.write(connack(MqttConnectReturnCode.CONNECTION_ACCEPTED, sessionPresent));
    }

    /**
     * A packet the decoder could not read. Before CONNECT is accepted some failures have a
     * CONNACK return code of their own [MQTT-3.1.2-2], [MQTT-3.1.3-9]; all close the connection.
     */
    void rejectUndecodable(Throwable cause, boolean beforeConnect) {
        if (beforeConnect && cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, null,
                    "unsupported protocol name or level (" + cause.getMessage() + ")");
        } else if (beforeConnect && cause instanceof MqttIdentifierRejectedException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, null,
                    "the client identifier is not allowed (MQTT 3.1 takes 1 to 23 characters)");
        } else if (cause instanceof TooLongFrameException) {
            log.notice("Client " + connection.describe() + " disconnected: packet larger than max_packet_size ("
                    + config.maxPacketSize() + " bytes).");
            connection.close(CloseReason.PROTOCOL_ERROR);
        } else {
            String why = cause instanceof DecoderException && cause.getMessage() != null
                    ? cause.getMessage() : cause.toString();
            log.notice("Client " + connection.describe() + " disconnected due to malformed packet: " + why + ".");
            connection.close(CloseReason.PROTOCOL_ERROR);
        }
    }

    private void refuse(MqttConnectReturnCode code, String clientId, String why) {
        int rc = code.byteValue() & 0xFF;
        log.notice("Client " + (clientId != null ? clientId : "<unknown>") + " from " + connection.remote()
                + " refused (CONNACK rc " + rc + ", " + meaning(rc) + "): " + why + ".");
        connection.write(connack(code, false));
        connection.close(CloseReason.REFUSED);
    }

    private static String meaning(int returnCode) {
        return switch (returnCode) {
            case 1 -> "unacceptable protocol version";
            case 2 -> "identifier rejected";
            case 3 -> "server unavailable";
            case 4 -> "bad user name or password";
            case 5 -> "not authorised";
            case 0x84 -> "unsupported protocol version";
            default -> "refused";
        };
    }

    private static MqttConnAckMessage connack(MqttConnectReturnCode code, boolean sessionPresent) {
        return new MqttConnAckMessage(
                new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                new MqttConnAckVariableHeader(code, sessionPresent));
    }
}
