package dev.fountain.broker.http;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;

/**
 * Readiness: named checks that are all true when the process should get traffic. The broker
 * registers its own (listeners bound, store recovered); an application adds its handlers and, as a
 * client of another broker, its connection. A check of the same name replaces the previous one, so
 * each version of an application in the development loop brings its own.
 */
public final class Health {

    private final Map<String, BooleanSupplier> checks = new ConcurrentSkipListMap<>();

    /** Adds or replaces the check {@code name}. */
    public void check(String name, BooleanSupplier up) {
        checks.put(name, up);
    }

    /** Whether every check is up now. */
    public boolean ready() {
        return checks.values().stream().allMatch(BooleanSupplier::getAsBoolean);
    }

    /** {@code /health/live}: the process answers, which is all liveness means. */
    HttpReply live() {
        return HttpReply.json(200, "{\"status\":\"UP\"}");
    }

    /** {@code /health/ready}: 200 and UP when every check is, else 503 and DOWN, with each check's state. */
    HttpReply readiness() {
        StringBuilder json = new StringBuilder("{\"status\":\"");
        StringBuilder each = new StringBuilder();
        boolean all = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean up = check.getValue().getAsBoolean();
            all &= up;
            each.append(each.length() == 0 ? "" : ",").append(Json.string(check.getKey())).append(':')
                    .append(up ? "\"UP\"" : "\"DOWN\"");
        }
        json.append(all ? "UP" : "DOWN").append("\",\"checks\":{").append(each).append("}}");
        return HttpReply.json(all ? 200 : 503, json.toString());
    }
}
