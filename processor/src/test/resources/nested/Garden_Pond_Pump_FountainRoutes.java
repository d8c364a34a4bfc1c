package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Garden.Pond.Pump}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Garden_Pond_Pump_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Garden.Pond.Pump.class, "pump", "garden/pond/pump", 0, null,
                (handler, message) -> {
                    ((Garden.Pond.Pump) handler).pump(message.payloadBoolean());
                    return null;
                }));
    }
}
