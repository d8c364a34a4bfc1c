package dev.fountain.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void unsetValuesTakeTheScenarioDefaults() {
        Options options = Options.parse("latency", "--port", "18830");

        assertThat(options.port()).isEqualTo(18830);
        assertThat(options.qos(1)).isEqualTo(1);
        assertThat(options.rate()).isEqualTo(5000);
        assertThat(Options.parse("fan-in").rate()).isZero();
        assertThat(options.payload()).isEqualTo(64);
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        assertThatThrownBy(() -> Options.parse("fan-in", "--qso", "1")).hasMessageContaining("--qso");
    }

    @Test
    void aPayloadTooSmallForTheSequenceHeaderIsRefused() {
        assertThatThrownBy(() -> Options.parse("fan-in", "--payload", "8")).hasMessageContaining("at least 20");
    }

    @Test
    void qosOutsideZeroToTwoIsRefused() {
        assertThatThrownBy(() -> Options.parse("fan-out", "--qos", "3")).hasMessageContaining("--qos");
    }

    @Test
    void anUnknownScenarioIsRefused() {
        assertThatThrownBy(() -> Options.parse("fan-sideways")).hasMessageContaining("fan-sideways");
    }

    @Test
    void sessionsAreCleanUnlessPersistentIsAsked() {
        assertThat(Options.parse("fan-in").persistent()).isFalse();
        assertThat(Options.parse("fan-in", "--session", "persistent").persistent()).isTrue();
        assertThatThrownBy(() -> Options.parse("fan-in", "--session", "durable")).hasMessageContaining("--session");
    }

    @Test
    void theReconnectStormAlwaysResumesPersistentSessions() {
        assertThat(Options.parse("reconnect-storm").persistent()).isTrue();
        assertThatThrownBy(() -> Options.parse("reconnect-storm", "--session", "clean"))
                .hasMessageContaining("persistent sessions");
    }
}
