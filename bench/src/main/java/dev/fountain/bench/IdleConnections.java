package dev.fountain.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Opens many connections that then do nothing: how fast the broker accepts them (CONNECT to
 * CONNACK, {@code --concurrency} handshakes at a time, at most {@code --rate} a second when set)
 * and, with {@code --broker-pid}, how much resident memory each one costs it.
 *
 * <p>The first fifth of the connections is the warm-up: not timed, so that the rate is not the
 * JIT compiling the connect path in the generator or a Java broker, but held open and counted in
 * the memory growth, so that a broker reusing the memory of closed connections gains nothing.
 */
final class IdleConnections {

    private IdleConnections() {
    }

    static Result run(Options options, Clients clients) throws IOException, InterruptedException {
        int count = options.connections();
        int warmup = count / 5;
        long before = Rss.settled(options.brokerPid(), 0);
        List<MqttClient> connected = new ArrayList<>(connect(options, clients, 0, warmup));
        CpuUse cpu = new CpuUse(options.brokerPid());
        cpu.start();
        long start = System.nanoTime();
        connected.addAll(connect(options, clients, warmup, count - warmup));
        double rate = (count - warmup) / ((System.nanoTime() - start) / 1e9);
        cpu.stop();
        long after = Rss.settled(options.brokerPid(), options.settle());
        long alive = connected.stream().filter(c -> c.channel().isActive()).count();
        clients.loop().submit(() -> connected.forEach(MqttClient::close)).await(10, TimeUnit.SECONDS);
        double perConnection = (after - before) / (double) count;
        Result result = new Result("idle-connections").put("connections", count)
                .put("connects_per_s", Math.round(rate));
        cpu.putInto(result);
        long brokerNanos = cpu.brokerCpuNanos();
        if (brokerNanos >= 0) {
            // The broker's cost of a connect, which the rate hides when the generator is the limit.
            result.put("broker_cpu_s_per_10k_connects",
                    String.format(Locale.ROOT, "%.3f", brokerNanos / 1e9 * 10_000 / (count - warmup)));
            long jitNanos = cpu.brokerJitCpuNanos();
            if (jitNanos >= 0) {
                // Of that, what a Java broker's JIT spent compiling, which a longer-running broker
                // has paid once and for all; Mosquitto has none.
                result.put("broker_jit_cpu_s_per_10k_connects",
                        String.format(Locale.ROOT, "%.3f", jitNanos / 1e9 * 10_000 / (count - warmup)));
            }
        }
        String memory = "";
        if (options.brokerPid() != 0) {
            result.put("rss_before_kib", before).put("rss_after_kib", after)
                    .put("rss_per_conn_kib", String.format(Locale.ROOT, "%.2f", perConnection));
            memory = String.format(Locale.ROOT, ", broker RSS %d -> %d KiB: %.2f KiB per connection", before, after,
                    perConnection);
        }
        return result.correctness(0, 0, 0, 0, 0, count - alive)
                .summary(String.format(Locale.ROOT, "idle-connections: %d connections at %.0f connects/s%s", count,
                        rate, memory));
    }

    private static List<MqttClient> connect(Options options, Clients clients, int first, int count)
            throws IOException, InterruptedException {
        return clients.connectAll(count, i -> "bench-idle-" + (first + i) + "-" + ProcessHandle.current().pid(),
                i -> MqttClient.IDLE, options.concurrency(), options.rate(), options.setupTimeout());
    }
}
