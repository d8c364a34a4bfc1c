package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Boiler}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Boiler_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Boiler.class, "set", "home/boiler/set", 0, null,
                (handler, message) -> {
                    ((Boiler) handler).set(message.payloadDouble());
                    return null;
                }));
    }
}
