package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Replies}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Replies_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Replies.class, "pong", "ping", 0, null,
                (handler, message) -> ((Replies) handler).pong(message.payloadString()))
                .publishing("pong", 0, false),
            Route.subscribe(Replies.class, "set", "lamps/+/set", 1, null,
                (handler, message) -> ((Replies) handler).set(message.wildcard(0), message.payloadEnum(Mode.class)))
                .publishing("lamps/state", 1, true),
            Route.subscribe(Replies.class, "add", "counter/add", 0, null,
                (handler, message) -> ((Replies) handler).add(message.payloadLong()))
                .publishing("counter/total", 2, false),
            Route.subscribe(Replies.class, "echo", "echo", 0, null,
                (handler, message) -> ((Replies) handler).echo(message.payloadBytes()))
                .publishing("echo/bytes", 0, false));
    }
}
