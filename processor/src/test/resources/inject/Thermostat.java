package example;

import dev.fountain.Subscribe;
import jakarta.inject.Inject;

class Thermostat {

    private final Heater heater;

    @Inject
    Thermostat(Heater heater) {
        this.heater = heater;
    }

    @Subscribe("home/thermostat/set")
    void set(double celsius) {
        heater.heatTo(celsius);
    }
}
