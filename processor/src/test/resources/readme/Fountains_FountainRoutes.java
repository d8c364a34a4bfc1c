package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Fountains}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Fountains_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Fountains.class, "command", "home/garden/fountain/+", 0, null,
                (handler, message) -> {
                    ((Fountains) handler).command(message.wildcardInt(0), message.payloadString());
                    return null;
                }),
            Route.subscribe(Fountains.class, "temperature", "home/+/temperature", 1, null,
                (handler, message) -> ((Fountains) handler).temperature(message.topic(), message.payloadJson(Reading.class)))
                .publishing("home/alerts", 0, false));
    }
}
