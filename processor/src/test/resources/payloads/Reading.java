package example;

record Reading(String sensor, double value, Unit unit) {

    enum Unit {
        CELSIUS, FAHRENHEIT
    }
}
