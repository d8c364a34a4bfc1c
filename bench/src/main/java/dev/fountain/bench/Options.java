package dev.fountain.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The generator's command line: {@code <scenario> [--name value]...}; unset values take the scenario's defaults. */
final class Options {

    static final List<String> SCENARIOS = List.of("fan-in", "fan-out", "latency", "idle-connections", "subscriptions",
            "reconnect-storm");

    private static final Set<String> NAMES = Set.of("host", "port", "qos", "publishers", "subscribers", "payload",
            "warmup", "duration", "drain", "rate", "inflight", "window", "connections", "filters", "concurrency",
            "broker-pid", "settle", "setup-timeout", "transport", "session");

    static final String USAGE = """
            usage: java -jar fountain-bench.jar <scenario> [options]
            scenarios: fan-in, fan-out, latency, idle-connections, subscriptions, reconnect-storm
              --host H            broker address (127.0.0.1)
              --port N            broker port (1883)
              --transport T       tcp, tls, ws or wss (tcp); TLS trusts any certificate, WebSocket uses /mqtt
              --session S         clean or persistent (clean): persistent connects with CleanSession 0, so the
                                  broker keeps (and with persistence journals) every client's session;
                                  reconnect-storm: always persistent
              --qos 0|1|2         QoS of publishing and subscribing (latency: 1, others: 0)
              --publishers N      fan-in: 8; others: 1
              --subscribers N     fan-out: 100; subscriptions: clients holding the filters, 1000
              --payload BYTES     payload size, at least 20 (64)
              --warmup S          seconds before measuring (3)
              --duration S        seconds measured (10)
              --drain S           longest wait for the last messages after sending stops (10); reconnect-storm:
                                  for the check messages
              --rate N            messages/s over all publishers, 0: as fast as the windows allow (latency: 5000,
                                  others: 0); idle-connections: new connections/s, 0: unpaced
              --inflight N        unacknowledged QoS 1/2 messages per publisher (16)
              --window N          messages per publisher not yet received by all subscribers (1000)
              --connections N     idle-connections: connections to open; reconnect-storm: clients that drop
                                  and come back (10000)
              --filters N         subscriptions: filters over all clients (100000)
              --concurrency N     CONNECT handshakes under way at once (100)
              --broker-pid PID    read the broker's VmRSS from /proc to report memory per connection/filter
              --settle S          seconds to wait before reading the broker's memory (2); reconnect-storm:
                                  between the drop and the reconnects
              --setup-timeout S   longest connect/subscribe phase, and longest reconnect storm (60)
            exit status: 0 when every correctness counter is zero, 1 when one is not, 2 on errors
            """;

    private final String scenario;
    private final Map<String, String> values;

    private Options(String scenario, Map<String, String> values) {
        this.scenario = scenario;
        this.values = values;
    }

    /** @throws IllegalArgumentException saying what is wrong */
    static Options parse(String... args) {
        if (args.length == 0 || !SCENARIOS.contains(args[0])) {
            throw new IllegalArgumentException(args.length == 0 ? "no scenario given" : "unknown scenario " + args[0]);
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            values.put(name, args[i + 1]);
        }
        Options options = new Options(args[0], values);
        options.check();
        return options;
    }

    private void check() {
        if (qos(0) < 0 || qos(0) > 2) {
            throw new IllegalArgumentException("--qos must be 0, 1 or 2");
        }
        if (payload() < Payload.HEADER) {
            throw new IllegalArgumentException("--payload must be at least " + Payload.HEADER + " bytes");
        }
        for (String name : List.of("publishers", "subscribers", "inflight", "window", "connections", "filters",
                "concurrency", "duration")) {
            if (values.containsKey(name) && number(name, 1) < 1) {
                throw new IllegalArgumentException("--" + name + " must be at least 1");
            }
        }
        // persistent() also refuses a --session value that is neither clean nor persistent
        if (!persistent() && scenario.equals("reconnect-storm")) {
            throw new IllegalArgumentException("reconnect-storm resumes persistent sessions: --session clean does "
                    + "not apply");
        }
        if (inflight() > 65535) {
            throw new IllegalArgumentException("--inflight must be at most 65535");
        }
    }

    String scenario() {
        return scenario;
    }

    String host() {
        return values.getOrDefault("host", "127.0.0.1");
    }

    /** How the generator reaches the broker: tcp, tls, ws or wss. */
    String transport() {
        String transport = values.getOrDefault("transport", "tcp");
        if (!List.of("tcp", "tls", "ws", "wss").contains(transport)) {
            throw new IllegalArgumentException("--transport takes tcp, tls, ws or wss, not " + transport);
        }
        return transport;
    }

    /** Whether clients connect with CleanSession 0, so that the broker keeps their sessions. */
    boolean persistent() {
        String session = values.getOrDefault("session", scenario.equals("reconnect-storm") ? "persistent" : "clean");
        if (!List.of("clean", "persistent").contains(session)) {
            throw new IllegalArgumentException("--session takes clean or persistent, not " + session);
        }
        return session.equals("persistent");
    }

    int port() {
        return (int) number("port", 1883);
    }

    int qos(int scenarioDefault) {
        return (int) number("qos", scenarioDefault);
    }

    int publishers(int scenarioDefault) {
        return (int) number("publishers", scenarioDefault);
    }

    int subscribers(int scenarioDefault) {
        return (int) number("subscribers", scenarioDefault);
    }

    int payload() {
        return (int) number("payload", 64);
    }

    long warmup() {
        return number("warmup", 3);
    }

    long duration() {
        return number("duration", 10);
    }

    long drain() {
        return number("drain", 10);
    }

    /** Messages per second over all publishers; 0 is unlimited. */
    double rate() {
        return number("rate", scenario.equals("latency") ? 5000 : 0);
    }

    int inflight() {
        return (int) number("inflight", 16);
    }

    int window() {
        return (int) number("window", 1000);
    }

    int connections() {
        return (int) number("connections", 10_000);
    }

    int filters() {
        return (int) number("filters", 100_000);
    }

    int concurrency() {
        return (int) number("concurrency", 100);
    }

    long brokerPid() {
        return number("broker-pid", 0);
    }

    long settle() {
        return number("settle", 2);
    }

    long setupTimeout() {
        return number("setup-timeout", 60);
    }

    private long number(String name, long defaultValue) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, not '" + text + "'");
        }
    }
}
