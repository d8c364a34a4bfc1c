package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Garden.Fountain}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Garden_Fountain_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Garden.Fountain.class, "fountain", "garden/fountain", 0, null,
                (handler, message) -> {
                    ((Garden.Fountain) handler).fountain(message.payloadString());
                    return null;
                }));
    }
}
