package dev.fountain.bench;

import java.io.IOException;

/**
 * The load generator's command line, in the spirit of emqtt-bench: one scenario against any
 * MQTT 3.1.1 broker, a human line and a {@code RESULT} line on standard output.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        Result result;
        boolean paced = options.rate() > 0 && !options.scenario().equals("idle-connections");
        try (Clients clients = new Clients(options.host(), options.port(), paced, options.transport(),
                !options.persistent())) {
            System.err.printf("%s against %s:%d over %s, %s sessions%n", options.scenario(), options.host(),
                    options.port(), clients.transport(), options.persistent() ? "persistent" : "clean");
            result = run(options, clients).put("session", options.persistent() ? "persistent" : "clean");
            System.out.println(result.humanLine());
            System.out.println(result.machineLine());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.out.println("RESULT scenario=" + options.scenario() + " error=1");
            System.exit(2);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(2);
            return;
        }
        System.exit(result.correct() ? 0 : 1);
    }

    private static Result run(Options options, Clients clients) throws IOException, InterruptedException {
        return switch (options.scenario()) {
            case "fan-in" -> Scenarios.fanIn(options, clients);
            case "fan-out" -> Scenarios.fanOut(options, clients);
            case "latency" -> Scenarios.latency(options, clients);
            case "idle-connections" -> IdleConnections.run(options, clients);
            case "subscriptions" -> Subscriptions.run(options, clients);
            case "reconnect-storm" -> ReconnectStorm.run(options, clients);
            default -> throw new IllegalArgumentException("unknown scenario " + options.scenario());
        };
    }
}
