package dev.fountain.example.garden;

/** A soil sensor's report: {@code {"temperature": 24.5, "moisture": 18}}. */
public record Reading(double temperature, double moisture) {
}
