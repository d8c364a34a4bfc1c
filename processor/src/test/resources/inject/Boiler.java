package example;

import com.google.inject.Inject;
import dev.fountain.Subscribe;

class Boiler {

    private final Heater heater;

    @Inject
    private Boiler(Heater heater) {
        this.heater = heater;
    }

    @Subscribe("home/boiler/set")
    void set(double celsius) {
        heater.heatTo(celsius);
    }
}
