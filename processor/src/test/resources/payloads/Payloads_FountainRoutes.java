package example;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The routes of {@link Payloads}, generated from its {@code @Subscribe} methods.
 */
@Generated("dev.fountain.processor.RouteProcessor")
public final class Payloads_FountainRoutes implements RouteTable {
    @Override
    public List<Route> routes() {
        return List.of(
            Route.subscribe(Payloads.class, "text", "text", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).text(message.payloadString());
                    return null;
                }),
            Route.subscribe(Payloads.class, "bytes", "bytes", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).bytes(message.payloadBytes());
                    return null;
                }),
            Route.subscribe(Payloads.class, "buffer", "buffer", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).buffer(message.payloadBuffer());
                    return null;
                }),
            Route.subscribe(Payloads.class, "primitiveInt", "int", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).primitiveInt(message.payloadInt());
                    return null;
                }),
            Route.subscribe(Payloads.class, "boxedInt", "integer", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).boxedInt(message.payloadInt());
                    return null;
                }),
            Route.subscribe(Payloads.class, "primitiveLong", "long", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).primitiveLong(message.payloadLong());
                    return null;
                }),
            Route.subscribe(Payloads.class, "boxedLong", "long/boxed", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).boxedLong(message.payloadLong());
                    return null;
                }),
            Route.subscribe(Payloads.class, "primitiveShort", "short", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).primitiveShort(message.payloadShort());
                    return null;
                }),
            Route.subscribe(Payloads.class, "boxedShort", "short/boxed", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).boxedShort(message.payloadShort());
                    return null;
                }),
            Route.subscribe(Payloads.class, "primitiveByte", "byte", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).primitiveByte(message.payloadByte());
                    return null;
                }),
            Route.subscribe(Payloads.class, "boxedByte", "byte/boxed", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).boxedByte(message.payloadByte());
                    return null;
                }),
            Route.subscribe(Payloads.class, "primitiveDouble", "double", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).primitiveDouble(message.payloadDouble());
                    return null;
                }),
            Route.subscribe(Payloads.class, "boxedDouble", "double/boxed", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).boxedDouble(message.payloadDouble());
                    return null;
                }),
            Route.subscribe(Payloads.class, "primitiveFloat", "float", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).primitiveFloat(message.payloadFloat());
                    return null;
                }),
            Route.subscribe(Payloads.class, "boxedFloat", "float/boxed", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).boxedFloat(message.payloadFloat());
                    return null;
                }),
            Route.subscribe(Payloads.class, "primitiveBoolean", "boolean", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).primitiveBoolean(message.payloadBoolean());
                    return null;
                }),
            Route.subscribe(Payloads.class, "boxedBoolean", "boolean/boxed", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).boxedBoolean(message.payloadBoolean());
                    return null;
                }),
            Route.subscribe(Payloads.class, "mode", "enum", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).mode(message.payloadEnum(Mode.class));
                    return null;
                }),
            Route.subscribe(Payloads.class, "reading", "record", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).reading(message.payloadJson(Reading.class));
                    return null;
                }),
            Route.subscribe(Payloads.class, "event", "interface", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).event(message.payloadJson(Event.class));
                    return null;
                }),
            Route.subscribe(Payloads.class, "nested", "nested", 0, null,
                (handler, message) -> {
                    ((Payloads) handler).nested(message.payloadEnum(Reading.Unit.class));
                    return null;
                }));
    }
}
