package dev.fountain.app.client;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Handlers shaped like the garden example's, with routing written as the processor writes it. */
final class GardenRoutes {

    /** What the handlers did, for the tests to read. */
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    static final class Garden {
        void fountain(int number, String mode) {
            EVENTS.add("fountain " + number + " " + mode);
        }

        String temperature(String room, double celsius) {
            EVENTS.add(room + " " + celsius);
            return celsius > 30 ? "too hot in " + room : null;
        }

        void anything(String topic) {
            EVENTS.add("all " + topic);
        }

        String lights(String room, String origin, String contentType, String state) {
            return room + " light " + state + " (asked by " + origin + ", " + contentType + ")";
        }
    }

    private GardenRoutes() {
    }

    static RouteTable table() {
        return () -> List.of(
                Route.subscribe(Garden.class, "fountain", "home/garden/fountain/+", 1, null, (handler, message) -> {
                    ((Garden) handler).fountain(message.wildcardInt(0), message.payloadString());
                    return null;
                }),
                Route.subscribe(Garden.class, "temperature", "home/+/temperature", 1, null,
                        (handler, message) -> ((Garden) handler).temperature(message.wildcard(0),
                                message.payloadDouble()))
                        .publishing("home/alerts", 1, false),
                Route.subscribe(Garden.class, "anything", "home/#", 1, null, (handler, message) -> {
                    ((Garden) handler).anything(message.topic());
                    return null;
                }),
                Route.subscribe(Garden.class, "lights", "lights/+/set", 1, null,
                        (handler, message) -> ((Garden) handler).lights(message.wildcard(0),
                                message.userProperty("origin"), message.contentType(), message.payloadString()))
                        .publishing("lights/replies", 1, false));
    }
}
