package example;

public record Reading(String sensor, double celsius) {
}
