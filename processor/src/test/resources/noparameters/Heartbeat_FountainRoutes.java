package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Heartbeat}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Heartbeat_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Heartbeat.class, "beat", "heartbeat", 0, null,
                (handler, message) -> {
                    ((Heartbeat) handler).beat();
                    return null;
                }));
    }
}
