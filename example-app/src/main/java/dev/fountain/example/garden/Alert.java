package dev.fountain.example.garden;

/** Published as JSON to home/garden/alerts when a sensor needs attention. */
public record Alert(String sensor, String message) {
}
