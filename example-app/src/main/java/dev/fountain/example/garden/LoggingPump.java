package dev.fountain.example.garden;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A pump for a garden without hardware: it says what a real one would do. */
@Singleton
final class LoggingPump implements Pump {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingPump.class);

    private final Map<Integer, Switch> states = new ConcurrentHashMap<>();

    @Override
    public void set(int fountain, Switch state) {
        Switch before = states.put(fountain, state);
        LOG.info("Fountain {} is now {}{}", fountain, state, before == state ? " (it already was)" : "");
    }
}
