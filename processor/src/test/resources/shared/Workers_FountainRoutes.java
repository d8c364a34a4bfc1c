package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Workers}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Workers_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Workers.class, "work", "jobs/+", 1, "workers",
                (handler, message) -> {
                    ((Workers) handler).work(message.payloadString());
                    return null;
                }),
            Route.subscribe(Workers.class, "cancel", "jobs/+/cancel", 0, null,
                (handler, message) -> {
                    ((Workers) handler).cancel(message.payloadString());
                    return null;
                }));
    }
}
