package dev.fountain.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.security.AccessControl.Verdict;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The reason code enums against the specification's tables, as Netty's {@link MqttReasonCodes}
 * holds them, and against MQTT 3.1.1 where a client of that version gets a code.
 */
class ReasonCodesTest {

    @Test
    void everyCodeHasTheByteValueNettyGivesTheSameName() {
        for (PubackReasonCode code : PubackReasonCode.values()) {
            assertThat(code.value()).as(code.name())
                    .isEqualTo(MqttReasonCodes.PubAck.valueOf(code.name()).byteValue() & 0xFF)
                    .isEqualTo(MqttReasonCodes.PubRec.valueOf(code.name()).byteValue() & 0xFF);
        }
        for (PubrelReasonCode code : PubrelReasonCode.values()) {
            assertThat(code.value()).as(code.name())
                    .isEqualTo(MqttReasonCodes.PubRel.valueOf(code.name()).byteValue() & 0xFF)
                    .isEqualTo(MqttReasonCodes.PubComp.valueOf(code.name()).byteValue() & 0xFF);
        }
        for (SubackReasonCode code : SubackReasonCode.values()) {
            assertThat(code.value()).as(code.name())
                    .isEqualTo(MqttReasonCodes.SubAck.valueOf(code.name()).byteValue() & 0xFF);
        }
        for (UnsubackReasonCode code : UnsubackReasonCode.values()) {
            assertThat(code.value()).as(code.name())
                    .isEqualTo(MqttReasonCodes.UnsubAck.valueOf(code.name()).byteValue() & 0xFF);
        }
        for (DisconnectReasonCode code : DisconnectReasonCode.values()) {
            assertThat(code.value()).as(code.name())
                    .isEqualTo(MqttReasonCodes.Disconnect.valueOf(code.name()).byteValue() & 0xFF);
        }
        for (AuthReasonCode code : AuthReasonCode.values()) {
            assertThat(code.value()).as(code.name())
                    .isEqualTo(MqttReasonCodes.Auth.valueOf(code.name()).byteValue() & 0xFF);
        }
    }

    @Test
    void everyConnackCodeIsOneNettyKnowsAndNoneIsMissing() {
        Set<Integer> mqtt5 = Arrays.stream(MqttConnectReturnCode.values()).map(code -> code.byteValue() & 0xFF)
                .filter(value -> value == 0 || value >= 0x80).collect(Collectors.toSet());
        assertThat(Arrays.stream(ConnackReasonCode.values()).map(ConnackReasonCode::value))
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(mqtt5);
    }

    @Test
    void aRefusedMqtt311ClientGetsOneOfItsSixReturnCodes() {
        assertThat(ConnackReasonCode.SUCCESS.v3().value()).isZero();
        assertThat(ConnackReasonCode.UNSUPPORTED_PROTOCOL_VERSION.v3().value()).isEqualTo(1);
        assertThat(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID.v3().value()).isEqualTo(2);
        assertThat(ConnackReasonCode.SERVER_UNAVAILABLE.v3().value()).isEqualTo(3);
        assertThat(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD.v3().value()).isEqualTo(4);
        assertThat(ConnackReasonCode.NOT_AUTHORIZED.v3().value()).isEqualTo(5);
        assertThat(ConnackReasonCode.BAD_AUTHENTICATION_METHOD.v3().value()).isEqualTo(5);
    }

    @Test
    void anMqtt311SubackSaysGrantedQosOr0x80() {
        assertThat(SubackReasonCode.granted(2).v3()).isEqualTo(2);
        assertThat(SubackReasonCode.NOT_AUTHORIZED.v3()).isEqualTo(0x80);
        assertThat(SubackReasonCode.TOPIC_FILTER_INVALID.v3()).isEqualTo(0x80);
    }

    @Test
    void anAuthenticationVerdictMapsToItsConnackCodeByItsOutcome() {
        assertThat(ConnackReasonCode.of(Verdict.Outcome.ACCEPTED)).isEqualTo(ConnackReasonCode.SUCCESS);
        assertThat(ConnackReasonCode.of(Verdict.Outcome.BAD_CREDENTIALS))
                .isEqualTo(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(ConnackReasonCode.of(Verdict.Outcome.NOT_AUTHORISED)).isEqualTo(ConnackReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void logTextsKeepTheWordsTheLogHasAlwaysUsed() {
        assertThat(ConnackReasonCode.NOT_AUTHORIZED.v3().text()).isEqualTo("not authorised");
        assertThat(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD.text()).isEqualTo("bad user name or password");
        assertThat(DisconnectReasonCode.PROTOCOL_ERROR.text()).isEqualTo("protocol error");
        assertThat(DisconnectReasonCode.TOPIC_NAME_INVALID.text()).isEqualTo("reason 0x90");
    }
}
