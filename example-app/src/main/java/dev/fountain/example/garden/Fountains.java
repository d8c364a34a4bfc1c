package dev.fountain.example.garden;

import dev.fountain.Subscribe;
import dev.fountain.Wildcard;
import dev.fountain.app.Publisher;
import jakarta.inject.Inject;

/**
 * Switches fountains: {@code mosquitto_pub -t home/garden/fountain/2 -m on}. Each switch is
 * confirmed on {@code home/garden/fountain/<n>/status}, retained, so a dashboard that connects
 * later sees every fountain's state at once.
 */
public final class Fountains {

    private final Pump pump;
    private final Publisher publisher;

    @Inject
    Fountains(Pump pump, Publisher publisher) {
        this.pump = pump;
        this.publisher = publisher;
    }

    @Subscribe(value = "home/garden/fountain/+", qos = 1)
    void command(@Wildcard(0) int fountain, Switch state) {
        pump.set(fountain, state);
        publisher.publish("home/garden/fountain/" + fountain + "/status", state.name().toLowerCase(), 1, true);
    }
}
