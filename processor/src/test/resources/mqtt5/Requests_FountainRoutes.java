package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Requests}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Requests_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Requests.class, "set", "lights/+/set", 1, null,
                (handler, message) -> ((Requests) handler).set(message.userProperty("origin"), message.contentType(), message.responseTopic(), message.correlationData(), message.payloadString()))
                .publishing("lights/replies", 0, false));
    }
}
