package dev.fountain.bench;

import dev.fountain.app.Fountain;
import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import dev.fountain.app.RunningApp;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Handler dispatch through the public API, end to end inside one JVM: {@code Broker.publish} ->
 * subscription index -> the route's in-process session -> its handler queue -> a worker -> a
 * generated-style invoker. Each invocation publishes a batch over eight topics (so lanes run in
 * parallel) and waits until the handler has seen all of it; the batch stays below the handler
 * queue's capacity, so back-pressure never drops a message and the wait always ends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DispatchBenchmark {

    private static final int BATCH = 256;
    private static final int TOPICS = 8;
    private static final long WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The handler: a class Guice creates, with the method the route calls. */
    public static final class Sensors {
        static final AtomicLong HANDLED = new AtomicLong();

        public void reading(int sensor, double value) {
            HANDLED.incrementAndGet();
        }
    }

    private final byte[] payload = "21.5".getBytes(StandardCharsets.UTF_8);
    private final String[] topics = new String[TOPICS];
    private RunningApp app;

    @Setup
    public void start() {
        Route route = Route.subscribe(Sensors.class, "reading", "bench/sensors/+", 0, null, (handler, message) -> {
            ((Sensors) handler).reading(message.wildcardInt(0), message.payloadDouble());
            return null;
        });
        RouteTable table = () -> List.of(route);
        app = Fountain.builder().routeTables(table).broker(broker -> broker.port(0)).start();
        for (int i = 0; i < TOPICS; i++) {
            topics[i] = "bench/sensors/" + i;
        }
    }

    @TearDown
    public void stop() {
        app.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publishAndHandle() {
        long target = Sensors.HANDLED.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            app.broker().publish(topics[i % TOPICS], Unpooled.wrappedBuffer(payload), 0, false);
        }
        long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
        while (Sensors.HANDLED.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the handler got " + (BATCH - (target - Sensors.HANDLED.get()))
                        + " of " + BATCH + " messages within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}
