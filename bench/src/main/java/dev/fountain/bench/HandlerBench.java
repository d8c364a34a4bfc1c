package dev.fountain.bench;

import dev.fountain.app.Fountain;
import dev.fountain.app.FountainBuilder;
import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import dev.fountain.app.RunningApp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Messages one application handler takes per second (issue 12, bench/handlers.sh): a Fountain
 * application with one route on {@code bench/+} in this JVM, fed by the generator's publishers
 * (publisher i on {@code bench/<i>}), either through the application's embedded broker or, in
 * client mode, through an external broker that the route reaches with HiveMQ's client. Warm-up,
 * measurement window, drain and every correctness counter are the generator's ({@link Traffic});
 * the handler is the one subscriber ({@link HandlerInbox}).
 *
 * <pre>
 * java -cp benchmarks.jar dev.fountain.bench.HandlerBench --app embedded --config broker.conf --port N [options]
 * java -cp benchmarks.jar dev.fountain.bench.HandlerBench --app client --port N [options]
 * </pre>
 */
public final class HandlerBench {

    static final String USAGE = """
            usage: java -cp benchmarks.jar dev.fountain.bench.HandlerBench --app embedded|client --port N [options]
              --app embedded      the application runs its own broker, configured by --config FILE (mosquitto.conf
                                  syntax) and listening on --port, where the publishers connect
              --app client        the application is a client (fountain.broker.url) of the broker on --port, where
                                  the publishers connect too
              --config FILE       embedded: the broker's configuration
              --property K=V      an application setting (fountain.handler-queue, fountain.ack, ...); repeatable
              --control true      also subscribe the generator's own client to every stream and print, per stream,
                                  what the handler and it missed (diagnosis: doubles the broker's deliveries)
              --progress true     print on standard error what the handler took in each second, warm-up included
            and the generator's: --port --qos (0) --publishers (8) --payload --warmup --duration --drain --window
              --inflight --broker-pid (an external broker's, for its CPU use); see fountain-bench.jar's usage
            exit status: 0 when every correctness counter is zero, 1 when one is not, 2 on errors
            """;

    private static final String FILTER = "bench/+";

    /** What the command line asks for besides the generator's options. */
    private record Settings(String app, String config, List<String[]> properties, boolean control,
            boolean progress, Options options) {

        static Settings parse(String[] args) {
            String app = null;
            String config = null;
            boolean control = false;
            boolean progress = false;
            List<String[]> properties = new ArrayList<>();
            List<String> generator = new ArrayList<>(List.of("fan-in"));
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--app" -> app = args[i + 1];
                    case "--config" -> config = args[i + 1];
                    case "--property" -> properties.add(keyValue(args[i + 1]));
                    case "--control" -> control = Boolean.parseBoolean(args[i + 1]);
                    case "--progress" -> progress = Boolean.parseBoolean(args[i + 1]);
                    default -> generator.addAll(List.of(args[i], args[i + 1]));
                }
            }
            if (!"embedded".equals(app) && !"client".equals(app)) {
                throw new IllegalArgumentException("--app takes embedded or client");
            }
            if (app.equals("embedded") && config == null) {
                throw new IllegalArgumentException("--app embedded needs --config FILE");
            }
            return new Settings(app, config, properties, control, progress, Options.parse(generator.toArray(String[]::new)));
        }

        private static String[] keyValue(String text) {
            int eq = text.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--property takes KEY=VALUE, not '" + text + "'");
            }
            return new String[] {text.substring(0, eq), text.substring(eq + 1)};
        }

        boolean embedded() {
            return app.equals("embedded");
        }
    }

    private HandlerBench() {
    }

    public static void main(String[] args) {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        Result result;
        try {
            result = run(settings);
        } catch (IOException | ExecutionException | RuntimeException e) {
            System.err.println("Error: " + e);
            System.out.println("RESULT scenario=handlers app=" + settings.app() + " error=1");
            System.exit(2);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(2);
            return;
        }
        System.out.println(result.humanLine());
        System.out.println(result.machineLine());
        System.exit(result.correct() ? 0 : 1);
    }

    private static Result run(Settings settings) throws IOException, InterruptedException, ExecutionException {
        Options options = settings.options();
        int publishers = options.publishers(8);
        int qos = options.qos(0);
        Stream[] streams = new Stream[publishers];
        for (int i = 0; i < publishers; i++) {
            streams[i] = new Stream(i, "bench/" + i, new int[] {0});
        }
        try (Clients clients = new Clients(options.host(), options.port(), false, options.transport())) {
            Traffic traffic = new Traffic(clients, options, streams, 1, false);
            HandlerInbox inbox = new HandlerInbox(traffic, clients.loop(), streams, options.window());
            long startNanos = System.nanoTime();
            try (RunningApp app = application(settings, inbox, qos).start()) {
                long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
                ControlSubscriber control = settings.control()
                        ? ControlSubscriber.subscribe(clients, streams.length, FILTER, qos) : null;
                traffic.connectPublishers(publishers, i -> new Stream[] {streams[i]}, qos, 0);
                CpuUse cpu = new CpuUse(options.brokerPid());
                Thread sampler = sampleWindow(cpu, options, settings.progress() ? inbox : null);
                Result result = traffic.run("handlers");
                sampler.join();
                traffic.close();
                String missing = clients.loop().submit(() -> missingPerStream(streams, control)).get();
                if (!missing.isEmpty()) {
                    System.err.println("missing per stream:" + missing);
                }
                cpu.putInto(result);
                result.put("app", settings.app()).put("qos", qos).put("unit", "msg/s").put("publishers", publishers)
                        .put("window", options.window()).put("app_start_ms", startMillis);
                return result.summary(String.format(Locale.ROOT, "handlers, %s app, qos %d: %,d msg/s handled (%d "
                        + "publishers -> 1 handler)", settings.app(), qos, (long) result.get("rate"), publishers));
            }
        }
    }

    /** The application: one route, its handler the inbox; embedded, or a client of the broker on --port. */
    private static FountainBuilder application(Settings settings, HandlerInbox inbox, int qos) {
        Options options = settings.options();
        FountainBuilder builder = Fountain.builder();
        settings.properties().forEach(property -> builder.property(property[0], property[1]));
        if (settings.embedded()) {
            // -p after -c: every listener of the file on the port the publishers use.
            builder.args("-c", settings.config(), "-p", Integer.toString(options.port()));
        } else {
            builder.property("fountain.broker.url", "mqtt://" + options.host() + ":" + options.port())
                    .property("fountain.client-id", "bench-handlers-" + ProcessHandle.current().pid());
        }
        // What the generated invoker of `void handle(@Topic String topic, ByteBuffer payload)` would do.
        Route route = Route.subscribe(HandlerInbox.class, "handle", FILTER, qos, null, (handler, message) -> {
            ((HandlerInbox) handler).handle(message.topic(), message.payloadBuffer());
            return null;
        });
        RouteTable table = () -> List.of(route);
        return builder.routeTables(table).module(binder -> binder.bind(HandlerInbox.class).toInstance(inbox));
    }

    /**
     * Samples CPU use at the start and end of the measurement window, which begins after the warm-up;
     * with an inbox, prints what the handler took in each second, warm-up included.
     */
    private static Thread sampleWindow(CpuUse cpu, Options options, HandlerInbox progress) {
        Thread sampler = new Thread(() -> {
            try {
                long last = 0;
                for (long second = 0; second < options.warmup() + options.duration(); second++) {
                    if (second == options.warmup()) {
                        cpu.start();
                    }
                    TimeUnit.SECONDS.sleep(1);
                    if (progress != null) {
                        long now = progress.filed();
                        System.err.printf(Locale.ROOT, "second %d: %,d handled%n", second + 1, now - last);
                        last = now;
                    }
                }
                cpu.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    /** Per stream: what the handler (and the control subscriber) never got, where anything is missing. */
    private static String missingPerStream(Stream[] streams, ControlSubscriber control) {
        StringBuilder text = new StringBuilder();
        for (Stream stream : streams) {
            long handler = stream.tracker(0).missing(stream.sent());
            long other = control == null ? 0 : control.missing(stream);
            if (handler > 0 || other > 0) {
                text.append(String.format(Locale.ROOT, " %s: handler %d%s;", stream.topic(), handler,
                        control == null ? "" : ", control subscriber " + other));
            }
        }
        return text.toString();
    }
}
