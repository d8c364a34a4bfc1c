package dev.fountain.broker.http;

import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The status page's data, {@code /fountain/status.json}: the broker's gauges now, message rates in
 * and out over the last 15 minutes, drops by reason, and one row per application handler. Rates
 * come from the same meters {@code /metrics} shows, sampled here every {@link #SAMPLE_SECONDS} on
 * the HTTP thread, so the history exists whether or not a page is open, and costs 450 points of
 * three numbers.
 */
public final class Status {

    static final int SAMPLE_SECONDS = 2;
    private static final int POINTS = 15 * 60 / SAMPLE_SECONDS;
    /** A handler's rate and latency are over the last 10 s: over one sample they jump too much to read. */
    private static final int ROUTE_WINDOW = 5;

    private final BrokerStats stats;
    private final String version;
    private volatile Supplier<List<RouteSample>> routes = List::of;

    // Guarded by this: written by sample(), read by json().
    private final long[] times = new long[POINTS];
    private final double[] in = new double[POINTS];
    private final double[] out = new double[POINTS];
    private final double[] clients = new double[POINTS];
    private int size;
    private int next;
    private long lastReceived = -1;
    private long lastSent;
    private long lastNanos;
    private final ArrayDeque<Map<String, RouteSample>> routeHistory = new ArrayDeque<>();
    private final ArrayDeque<Long> routeTimes = new ArrayDeque<>();

    Status(BrokerStats stats, String version) {
        this.stats = stats;
        this.version = version;
    }

    /** Where the handler rows come from: an application's runtime; none for a plain broker. */
    public void routes(Supplier<List<RouteSample>> source) {
        this.routes = source;
    }

    synchronized void sample() {
        long now = System.nanoTime();
        long received = stats.total(Meter.RECEIVED_QOS0.meterName());
        long sent = stats.total(Meter.SENT_QOS0.meterName());
        if (lastReceived >= 0) {
            double seconds = (now - lastNanos) / 1e9;
            times[next] = System.currentTimeMillis() / 1000;
            in[next] = (received - lastReceived) / seconds;
            out[next] = (sent - lastSent) / seconds;
            clients[next] = stats.value(Meter.CLIENTS_CONNECTED);
            next = (next + 1) % POINTS;
            size = Math.min(size + 1, POINTS);
        }
        lastReceived = received;
        lastSent = sent;
        lastNanos = now;
        Map<String, RouteSample> current = new HashMap<>();
        for (RouteSample route : routes.get()) {
            current.put(route.handler(), route);
        }
        routeHistory.addLast(current);
        routeTimes.addLast(now);
        if (routeHistory.size() > ROUTE_WINDOW + 1) {
            routeHistory.removeFirst();
            routeTimes.removeFirst();
        }
    }

    synchronized HttpReply json() {
        StringBuilder json = new StringBuilder(16_384);
        json.append("{\"version\":").append(Json.string(version))
                .append(",\"uptime\":").append(stats.uptimeSeconds())
                .append(",\"sampleSeconds\":").append(SAMPLE_SECONDS);
        field(json, "clients", Meter.CLIENTS_CONNECTED);
        field(json, "connections", Meter.CONNECTIONS_ACTIVE);
        field(json, "sessions", Meter.SESSIONS_REGISTERED);
        field(json, "subscriptions", Meter.SUBSCRIPTIONS);
        field(json, "retained", Meter.RETAINED_MESSAGES);
        field(json, "inflight", Meter.IN_FLIGHT);
        field(json, "queued", Meter.QUEUED);
        json.append(",\"received\":").append(stats.total(Meter.RECEIVED_QOS0.meterName()))
                .append(",\"sent\":").append(stats.total(Meter.SENT_QOS0.meterName()));
        json.append(",\"dropped\":{");
        boolean first = true;
        for (Meter meter : Meter.all()) {
            if (meter.meterName().equals(Meter.DROPPED_ACL.meterName())) {
                json.append(first ? "" : ",").append(Json.string(meter.tagValue())).append(':')
                        .append(stats.value(meter));
                first = false;
            }
        }
        json.append("},\"history\":{\"t\":[");
        series(json, times, null);
        json.append("],\"in\":[");
        series(json, null, in);
        json.append("],\"out\":[");
        series(json, null, out);
        json.append("],\"clients\":[");
        series(json, null, clients);
        json.append("]},\"routes\":[");
        routes(json);
        json.append("]}");
        return HttpReply.json(200, json.toString());
    }

    private void field(StringBuilder json, String name, Meter meter) {
        json.append(",\"").append(name).append("\":").append(stats.value(meter));
    }

    private void series(StringBuilder json, long[] whole, double[] decimal) {
        int start = (next - size + POINTS) % POINTS;
        for (int i = 0; i < size; i++) {
            int at = (start + i) % POINTS;
            json.append(i == 0 ? "" : ",").append(whole != null ? Long.toString(whole[at]) : Json.number(decimal[at]));
        }
    }

    private void routes(StringBuilder json) {
        if (routeHistory.isEmpty()) {
            return;
        }
        Map<String, RouteSample> newest = routeHistory.peekLast();
        Map<String, RouteSample> oldest = routeHistory.peekFirst();
        double seconds = (routeTimes.peekLast() - routeTimes.peekFirst()) / 1e9;
        boolean first = true;
        for (RouteSample now : newest.values().stream()
                .sorted(Comparator.comparing(RouteSample::handler)).toList()) {
            RouteSample then = oldest.getOrDefault(now.handler(), now);
            long handled = now.invocations() - then.invocations();
            double rate = seconds > 0 ? handled / seconds : 0;
            double latencyMs = handled > 0 ? (now.totalNanos() - then.totalNanos()) / 1e6 / handled
                    : now.invocations() > 0 ? now.totalNanos() / 1e6 / now.invocations() : 0;
            json.append(first ? "" : ",")
                    .append("{\"handler\":").append(Json.string(now.handler()))
                    .append(",\"route\":").append(Json.string(now.route()))
                    .append(",\"rate\":").append(Json.number(rate))
                    .append(",\"latencyMs\":").append(Json.number(latencyMs))
                    .append(",\"invocations\":").append(now.invocations())
                    .append(",\"errors\":").append(now.errors())
                    .append(",\"queued\":").append(now.queued()).append('}');
            first = false;
        }
    }
}
