package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Thermostat}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Thermostat_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Thermostat.class, "set", "home/thermostat/set", 0, null,
                (handler, message) -> {
                    ((Thermostat) handler).set(message.payloadDouble());
                    return null;
                }));
    }
}
