package dev.fountain.app;

import dev.fountain.app.connector.Delivery;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One handler call as a worker makes it: wrap the delivered message in a {@link MessageView} and
 * run a generated-style {@link Invoker} that reads a wildcard level as an int and the payload as a
 * double, the shape the annotation processor writes for
 * {@code @Subscribe("bench/sensors/+") void reading(@Wildcard int sensor, double value)}.
 *
 * <p>In the runtime's package because {@link MessageView} is package-private: the benchmark jar
 * puts both on one class path, where a package may span jars.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageViewBenchmark {

    /** What a handler method receives and does: nothing but keep the values. */
    public static final class Sensors {
        private double sum;

        double reading(int sensor, double value) {
            sum += sensor + value;
            return sum;
        }
    }

    private final Sensors handler = new Sensors();
    private final Invoker invoker = (target, message) -> ((Sensors) target).reading(message.wildcardInt(0),
            message.payloadDouble());
    private final Delivery delivery = new SensorReading();

    @Benchmark
    public Object invoke() throws Exception {
        return invoker.invoke(handler, new MessageView(delivery, "bench/sensors/+", null));
    }

    /** One sensor reading as a connector hands it over. */
    private static final class SensorReading implements Delivery {
        private final byte[] payload = "21.5".getBytes(StandardCharsets.UTF_8);

        @Override
        public String topic() {
            return "bench/sensors/17";
        }

        @Override
        public int qos() {
            return 1;
        }

        @Override
        public boolean retained() {
            return false;
        }

        @Override
        public boolean duplicate() {
            return false;
        }

        @Override
        public ByteBuffer payload() {
            return ByteBuffer.wrap(payload).asReadOnlyBuffer();
        }

        @Override
        public void done() {
        }
    }
}
