package dev.fountain.maven;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code project.build.outputTimestamp}, read as maven-jar-plugin reads it, so that one property
 * makes both jars reproducible.
 */
final class OutputTimestamp {

    private OutputTimestamp() {
    }

    /**
     * Seconds since 1970, or an ISO 8601 time with an offset ({@code 2026-01-01T00:00:00Z}); empty
     * for none, and for a single character, which Maven takes to mean "off".
     *
     * @throws IllegalArgumentException if it is neither
     */
    static Optional<Instant> parse(String value) {
        if (value == null || value.strip().length() < 2) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("project.build.outputTimestamp '" + value + "' is neither seconds"
                    + " since 1970 nor an ISO 8601 time such as 2026-01-01T00:00:00Z", e);
        }
    }
}
