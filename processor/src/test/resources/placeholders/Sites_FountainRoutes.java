package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Sites}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Sites_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Sites.class, "temperature", "site/${site.id}/+/temperature", 0, "${site.id}-workers",
                (handler, message) -> ((Sites) handler).temperature(message.wildcard(0), message.payloadDouble()))
                .publishing("site/${site.id}/alerts", 0, false));
    }
}
