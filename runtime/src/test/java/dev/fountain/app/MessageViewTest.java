package dev.fountain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every conversion a generated invoker asks of a message, on its own. */
class MessageViewTest {

    enum Mode { ON, OFF }

    record Reading(double celsius) {
    }

    private static MessageView view(String filter, String topic, String payload) {
        return new MessageView(new FixedDelivery(topic, payload, 1, true), filter, new JacksonCodec());
    }

    @Test
    void wildcardsConvertToEachSupportedType() {
        MessageView view = view("site/+/+/+/+/+/#", "site/7/12345678901/2.5/on/ON/extra/levels", "");
        assertThat(view.wildcardInt(0)).isEqualTo(7);
        assertThat(view.wildcardLong(1)).isEqualTo(12_345_678_901L);
        assertThat(view.wildcardDouble(2)).isEqualTo(2.5);
        assertThat(view.wildcardBoolean(3)).isTrue();
        assertThat(view.wildcardEnum(4, Mode.class)).isEqualTo(Mode.ON);
        assertThat(view.wildcard(5)).isEqualTo("extra/levels");
    }

    @Test
    void payloadsConvertToEachSupportedType() {
        assertThat(view("t", "t", " 42\n").payloadInt()).isEqualTo(42);
        assertThat(view("t", "t", "9000000000").payloadLong()).isEqualTo(9_000_000_000L);
        assertThat(view("t", "t", "-3").payloadShort()).isEqualTo((short) -3);
        assertThat(view("t", "t", "7").payloadByte()).isEqualTo((byte) 7);
        assertThat(view("t", "t", "21.5").payloadDouble()).isEqualTo(21.5);
        assertThat(view("t", "t", "0.5").payloadFloat()).isEqualTo(0.5f);
        assertThat(view("t", "t", "off").payloadEnum(Mode.class)).isEqualTo(Mode.OFF);
        assertThat(view("t", "t", "héllo").payloadString()).isEqualTo("héllo");
        assertThat(view("t", "t", "ab").payloadBytes()).containsExactly('a', 'b');
        assertThat(view("t", "t", "ab").payloadBuffer().remaining()).isEqualTo(2);
        assertThat(view("t", "t", "{\"celsius\": 19.5}").payloadJson(Reading.class)).isEqualTo(new Reading(19.5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "ON", "yes", "1"})
    void booleansReadTheWaysDevicesSayYes(String text) {
        assertThat(view("t", "t", text).payloadBoolean()).isTrue();
    }

    @Test
    void aValueThatDoesNotConvertSaysWhatAndWhere() {
        assertThatThrownBy(() -> view("t", "t", "warm").payloadDouble())
                .isInstanceOf(ConversionException.class).hasMessage("payload 'warm' is not a double");
        assertThatThrownBy(() -> view("a/+", "a/x", "").wildcardInt(0))
                .isInstanceOf(ConversionException.class).hasMessage("wildcard 0 'x' is not an int");
        assertThatThrownBy(() -> view("t", "t", "{not json").payloadJson(Reading.class))
                .isInstanceOf(ConversionException.class).hasMessageStartingWith("payload does not read as Reading");
    }

    @Test
    void metadataAndMqtt5PropertiesAreReadable() {
        FixedDelivery delivery = new FixedDelivery("t/a", "x".getBytes(StandardCharsets.UTF_8), 1, true, false,
                "text/plain", "replies/x", new byte[] {1, 2},
                List.of(Map.entry("origin", "garden"), Map.entry("origin", "shed")), new int[1]);
        MessageView view = new MessageView(delivery, "t/#", new JacksonCodec());
        assertThat(view.topic()).isEqualTo("t/a");
        assertThat(view.qos()).isEqualTo(1);
        assertThat(view.retained()).isTrue();
        assertThat(view.duplicate()).isFalse();
        assertThat(view.userProperty("origin")).isEqualTo("garden");
        assertThat(view.userProperty("missing")).isNull();
        assertThat(view.contentType()).isEqualTo("text/plain");
        assertThat(view.responseTopic()).isEqualTo("replies/x");
        assertThat(view.correlationData()).containsExactly(1, 2);
    }
}
