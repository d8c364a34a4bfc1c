package ${package};

import dev.fountain.Publish;
import dev.fountain.Subscribe;
import dev.fountain.Wildcard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler. Every message published on {@code home/<room>/temperature} comes here, with the room
 * that the {@code +} matched and the payload read as a number; what the method returns is published
 * on {@code home/alerts}, and {@code null} publishes nothing. A filter, wildcard or parameter the
 * runtime cannot serve is a compile error.
 *
 * <p>With {@code mvn mqtt:run} running: {@code mosquitto_sub -t 'home/#' -v} in one terminal,
 * {@code mosquitto_pub -t home/kitchen/temperature -m 31.5} in another.
 */
public final class Thermostat {

    private static final Logger LOG = LoggerFactory.getLogger(Thermostat.class);

    @Subscribe("home/+/temperature")
    @Publish("home/alerts")
    String reading(@Wildcard(0) String room, double celsius) {
        LOG.info("{} is at {} degrees", room, celsius);
        return celsius > 30 ? room + " is too hot: " + celsius + " degrees" : null;
    }
}
