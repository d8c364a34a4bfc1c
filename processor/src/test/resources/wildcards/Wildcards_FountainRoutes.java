package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Wildcards}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Wildcards_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Wildcards.class, "text", "text/+", 0, null,
                (handler, message) -> {
                    ((Wildcards) handler).text(message.wildcard(0));
                    return null;
                }),
            Route.subscribe(Wildcards.class, "ints", "int/+/+", 0, null,
                (handler, message) -> {
                    ((Wildcards) handler).ints(message.wildcardInt(0), message.wildcardInt(1));
                    return null;
                }),
            Route.subscribe(Wildcards.class, "longs", "long/+/+", 0, null,
                (handler, message) -> {
                    ((Wildcards) handler).longs(message.wildcardLong(0), message.wildcardLong(1));
                    return null;
                }),
            Route.subscribe(Wildcards.class, "doubles", "double/+/+", 0, null,
                (handler, message) -> {
                    ((Wildcards) handler).doubles(message.wildcardDouble(0), message.wildcardDouble(1));
                    return null;
                }),
            Route.subscribe(Wildcards.class, "booleans", "boolean/+/+", 0, null,
                (handler, message) -> {
                    ((Wildcards) handler).booleans(message.wildcardBoolean(0), message.wildcardBoolean(1));
                    return null;
                }),
            Route.subscribe(Wildcards.class, "mode", "enum/+", 0, null,
                (handler, message) -> {
                    ((Wildcards) handler).mode(message.wildcardEnum(0, Mode.class));
                    return null;
                }),
            Route.subscribe(Wildcards.class, "rest", "+/devices/#", 0, null,
                (handler, message) -> {
                    ((Wildcards) handler).rest(message.wildcard(1), message.wildcard(0), message.payloadString());
                    return null;
                }));
    }
}
