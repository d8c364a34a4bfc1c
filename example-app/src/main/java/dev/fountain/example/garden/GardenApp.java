package dev.fountain.example.garden;

import dev.fountain.app.Fountain;

/** Starts the garden with its embedded broker: {@code -p PORT}, {@code -c mosquitto.conf}, {@code -v}. */
public final class GardenApp {

    private GardenApp() {
    }

    public static void main(String[] args) {
        Fountain.run(GardenApp.class, args);
    }
}
