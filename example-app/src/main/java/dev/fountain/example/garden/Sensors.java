package dev.fountain.example.garden;

import dev.fountain.Publish;
import dev.fountain.Subscribe;
import dev.fountain.Wildcard;

/**
 * Watches soil sensors that publish JSON readings, and raises an alert when the soil is dry or the
 * sun too hot: the return value goes to {@code home/garden/alerts}; no alert, no message.
 */
public final class Sensors {

    static final double DRY_BELOW_PERCENT = 20;
    static final double HOT_ABOVE_CELSIUS = 35;

    @Subscribe(value = "home/garden/sensors/+", qos = 1)
    @Publish(value = "home/garden/alerts", qos = 1)
    Alert reading(@Wildcard(0) String sensor, Reading reading) {
        if (reading.moisture() < DRY_BELOW_PERCENT) {
            return new Alert(sensor, "soil is dry (" + reading.moisture() + " %): time to water");
        }
        if (reading.temperature() > HOT_ABOVE_CELSIUS) {
            return new Alert(sensor, "it is " + reading.temperature() + " °C: shade the plants");
        }
        return null;
    }
}
