package dev.fountain.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * A 64-byte QoS 1 PUBLISH through Netty's {@link MqttDecoder} and {@link MqttEncoder}, as the broker
 * reads and writes them, one at a time and fifty to a read; and the load generator's own encoding
 * of the same packet ({@link Packets}), which is why it does not use Netty's codec.
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
public class CodecBenchmark {

    private static final int BATCH = 50;
    private static final byte[] TOPIC = "bench/3".getBytes(StandardCharsets.UTF_8);
    private static final int PAYLOAD = 64;

    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder());
    private final EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    private ByteBuf one;
    private ByteBuf batch;
    private ByteBuf payload;

    @Setup
    public void packets() {
        payload = allocator.directBuffer(PAYLOAD).writeZero(PAYLOAD);
        one = allocator.directBuffer();
        Packets.publishHeader(one, TOPIC, 1, 1, PAYLOAD);
        one.writeZero(PAYLOAD);
        batch = allocator.directBuffer();
        for (int i = 0; i < BATCH; i++) {
            batch.writeBytes(one, 0, one.readableBytes());
        }
    }

    @TearDown
    public void release() {
        one.release();
        batch.release();
        payload.release();
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
    }

    @Benchmark
    public void nettyDecodeOne(Blackhole blackhole) {
        decoder.writeInbound(one.retainedDuplicate());
        MqttPublishMessage message = decoder.readInbound();
        blackhole.consume(message.variableHeader().topicName());
        message.release();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void nettyDecodeFiftyPerRead(Blackhole blackhole) {
        decoder.writeInbound(batch.retainedDuplicate());
        for (int i = 0; i < BATCH; i++) {
            MqttPublishMessage message = decoder.readInbound();
            blackhole.consume(message.variableHeader().topicName());
            message.release();
        }
    }

    @Benchmark
    public void nettyEncode() {
        MqttPublishMessage message = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader("bench/3", 1), payload.retainedDuplicate());
        encoder.writeOutbound(message);
        ReferenceCountUtil.release(encoder.readOutbound());
    }

    /** The generator's way: header and payload written straight into one pooled buffer. */
    @Benchmark
    public void generatorEncode() {
        ByteBuf out = allocator.directBuffer(Packets.publishSize(TOPIC.length, 1, PAYLOAD));
        Packets.publishHeader(out, TOPIC, 1, 1, PAYLOAD);
        out.writeBytes(payload, 0, PAYLOAD);
        out.release();
    }
}
