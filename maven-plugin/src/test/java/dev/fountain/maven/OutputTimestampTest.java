package dev.fountain.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutputTimestampTest {

    @Test
    void secondsSince1970AreRead() {
        assertThat(OutputTimestamp.parse("1767225600")).contains(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void anIsoTimeWithAnOffsetIsRead() {
        assertThat(OutputTimestamp.parse("2026-01-01T02:00:00+02:00")).contains(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void nothingOrOneCharacterMeansNoTimestamp() {
        assertThat(OutputTimestamp.parse(null)).isEmpty();
        assertThat(OutputTimestamp.parse("")).isEmpty();
        assertThat(OutputTimestamp.parse("a")).isEmpty();
    }

    @Test
    void anythingElseIsAnErrorThatShowsTheForms() {
        assertThatThrownBy(() -> OutputTimestamp.parse("yesterday"))
                .hasMessageContaining("'yesterday'")
                .hasMessageContaining("2026-01-01T00:00:00Z");
    }
}
