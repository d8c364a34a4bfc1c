package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Metadata}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Metadata_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Metadata.class, "primitives", "sensors/#", 2, null,
                (handler, message) -> {
                    ((Metadata) handler).primitives(message.topic(), message.qos(), message.retained(), message.duplicate(), message.payloadBytes());
                    return null;
                }),
            Route.subscribe(Metadata.class, "boxes", "boxed/#", 0, null,
                (handler, message) -> {
                    ((Metadata) handler).boxes(message.qos(), message.retained(), message.duplicate());
                    return null;
                }));
    }
}
