package dev.fountain.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of a core each side used over the measurement window (bench/handlers.sh, and the broker
 * alone in every traffic scenario and while idle connections open): this process
 * (the application, with the embedded broker when it has one), the generator's event loop thread
 * within it, an external broker's process from {@code /proc/<pid>/stat}, and everything else the
 * machine ran meanwhile ({@code /proc/stat}), which took the cores from the measured processes. A
 * side far below 100 % of its core while the rate is flat and nothing else runs is waiting for
 * another, not working.
 */
final class CpuUse {

    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture we run on. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final String GENERATOR_THREAD = "bench-io";

    private final long brokerPid;
    private long startNanos;
    private long[] start;
    private long[] end;
    private long endNanos;

    CpuUse(long brokerPid) {
        this.brokerPid = brokerPid;
    }

    void start() {
        start = sample();
        startNanos = System.nanoTime();
    }

    void stop() {
        end = sample();
        endNanos = System.nanoTime();
    }

    /**
     * Adds {@code cpu_app}, {@code cpu_generator}, {@code cpu_broker} and {@code cpu_other}: percent of
     * one core, -1 when unknown.
     */
    void putInto(Result result) {
        if (start == null || end == null) {
            return;
        }
        double elapsed = endNanos - startNanos;
        long process = end[0] - start[0];
        long generator = end[1] - start[1];
        long broker = brokerCpuNanos();
        long machine = start[3] < 0 || end[3] < 0 ? -1 : end[3] - start[3];
        result.put("cpu_app", percent(process - generator, elapsed))
                .put("cpu_generator", percent(generator, elapsed))
                .put("cpu_broker", broker < 0 ? -1 : percent(broker, elapsed))
                .put("cpu_other", machine < 0 ? -1 : Math.max(0, percent(machine - process - Math.max(0, broker),
                        elapsed)));
    }

    /**
     * CPU time the broker's JIT compiler threads used over the window, or -1 when unknown; 0 for a
     * broker without them (Mosquitto). A Java broker that has just started compiles the very code a
     * short window measures, and this says how much of its CPU that was.
     */
    long brokerJitCpuNanos() {
        return start == null || end == null || start[4] < 0 || end[4] < 0 ? -1 : end[4] - start[4];
    }

    /** CPU time the broker process used over the window, all threads, or -1 when unknown. */
    long brokerCpuNanos() {
        return start == null || end == null || start[2] < 0 || end[2] < 0 ? -1 : end[2] - start[2];
    }

    private static long percent(long cpuNanos, double elapsedNanos) {
        return Math.round(100 * cpuNanos / elapsedNanos);
    }

    private long[] sample() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new long[] {os.getProcessCpuTime(), generatorNanos(), brokerNanos(), machineNanos(), brokerJitNanos()};
    }

    private static long generatorNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(GENERATOR_THREAD)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** Busy time of all cores together (all but idle and iowait), or -1. */
    private static long machineNanos() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of the broker's threads named as HotSpot names its compilers, or -1. */
    private long brokerJitNanos() {
        if (brokerPid <= 0) {
            return -1;
        }
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(brokerPid), "task"))) {
            long total = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
            return total * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of the broker process, all threads, or -1. */
    private long brokerNanos() {
        if (brokerPid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(brokerPid), "stat"));
            // The command name may hold spaces and parentheses; the fields after its last ')' do not.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
