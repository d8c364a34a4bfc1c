package dev.fountain.broker.protocol;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.routing.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker's {@link PublishEncoder}: one outgoing MQTT 3.1.1 PUBLISH of a shared message, copied behind the
 * header (64 bytes) or sent as a second buffer (1,024 bytes). Compare with
 * {@code CodecBenchmark.nettyEncode}, Netty's encoder on the same packet.
 *
 * <p>In the broker's package because the encoder is package-private: the benchmark jar puts both
 * on one class path, where a package may span jars.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The broker allocates on event loop threads, which keep per-thread buffer caches; these let the
// benchmark thread keep them too.
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.allocator.useCacheForAllThreads=true",
        "-Dio.netty.allocator.useCachedMagazinesForNonEventLoopThreads=true"})
public class PublishEncoderBenchmark {

    @Param({"64", "1024"})
    public int payloadSize;

    /**
     * A connection before CONNECT, which encodes as an MQTT 3.1.1 one does: the encoder is part of
     * the connection, which writes the packet into its channel.
     */
    private final MqttConnection connection = new MqttConnection(new BrokerContext(BrokerConfig.builder().build(),
            BrokerLog.toSlf4j(EnumSet.noneOf(LogType.class)), null, null, null, new AtomicInteger(), Map.of()));
    private final EmbeddedChannel channel = new EmbeddedChannel(connection);
    private Message message;

    @Setup
    public void message() {
        ByteBuf payload = ByteBufAllocator.DEFAULT.directBuffer(payloadSize).writeZero(payloadSize);
        message = new Message("bench/3", payload, 1, false);
    }

    @TearDown
    public void release() {
        message.release();
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public void encode() {
        connection.sendPublish(message.retain(), 1, false, false, 1, null);
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(out);
        }
    }
}
