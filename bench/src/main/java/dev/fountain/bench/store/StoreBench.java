package dev.fountain.bench.store;

import dev.fountain.bench.LatencyHistogram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The disk store measurement of issue 14 (bench/store.sh): our own append-only log against H2
 * MVStore, one step per JVM, each printing a human line and a {@code RESULT} line.
 *
 * <pre>
 * java -cp benchmarks.jar dev.fountain.bench.store.StoreBench STEP --candidate log|mvstore --dir DIR [options]
 * </pre>
 */
public final class StoreBench {

    static final String USAGE = """
            usage: java -cp benchmarks.jar dev.fountain.bench.store.StoreBench STEP --candidate log|mvstore --dir DIR [options]
              journal   group-commit throughput and commit latency in an empty DIR:
                          --sync always|interval|none (always) --producers (2) --outstanding (100) --payload (64)
                          --warmup S (3) --duration S (5) --max-messages (50000000)
              history   fills an empty DIR as a broker would have before a crash, then stops as kill -9 does:
                          --queued (100000) --retained (10000) --history (400000) --payload (64) --max-seconds (120)
              recover   opens DIR and reads everything into memory, timed; --queued N --retained N check the counts
              compact   compacts DIR (closed), timed, with the bytes on disk before and after
            exit status: 0 done, 1 a check failed, 2 bad arguments or an error
            """;

    private StoreBench() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args.length % 2 == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                System.err.print(USAGE);
                System.exit(2);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        int status;
        try {
            Candidate candidate = Candidate.parse(required(options, "candidate"));
            Path directory = Path.of(required(options, "dir"));
            status = switch (args[0]) {
                case "journal" -> journal(candidate, directory, options);
                case "history" -> history(candidate, directory, options);
                case "recover" -> recover(candidate, directory, options);
                case "compact" -> compact(candidate, directory);
                default -> throw new IllegalArgumentException("unknown step " + args[0]);
            };
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            status = 2;
        } catch (Exception e) {
            e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    private static int journal(Candidate candidate, Path directory, Map<String, String> options) throws Exception {
        SyncPolicy policy = SyncPolicy.parse(options.getOrDefault("sync", "always"));
        int producers = intOption(options, "producers", 2);
        int outstanding = intOption(options, "outstanding", 100);
        int payload = intOption(options, "payload", 64);
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "3"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "5"));
        long maxMessages = Long.parseLong(options.getOrDefault("max-messages", "50000000"));
        requireEmpty(directory);
        JournalCandidate store = candidate.open(directory, policy);
        JournalLoad.Result result;
        try {
            result = JournalLoad.run(store, producers, outstanding, payload, warmup, duration, maxMessages);
        } finally {
            store.close();
        }
        LatencyHistogram latency = result.latency();
        long bytes = bytesOnDisk(directory);
        double perCommit = result.commits() == 0 ? 0 : (double) result.records() / result.commits();
        double writeMicros = result.commits() == 0 ? 0 : result.writeNanos() / 1e3 / result.commits();
        double syncMicros = result.syncs() == 0 ? 0 : result.syncNanos() / 1e3 / result.syncs();
        System.out.printf(Locale.ROOT, "%s %s: %,.0f messages/s (%,.0f records/s) durable, commit latency p50 %.0f us,"
                        + " p99 %.0f us, p99.9 %.0f us, max %.0f us; %,d commits (%.1f records, %.0f us writing each),"
                        + " %,d syncs (%.0f us each); %,d bytes on disk%n",
                candidate.id(), policy.id(), result.messagesPerSecond(), result.recordsPerSecond(),
                micros(latency.percentile(50)), micros(latency.percentile(99)), micros(latency.percentile(99.9)),
                micros(latency.max()), result.commits(), perCommit, writeMicros, result.syncs(), syncMicros, bytes);
        System.out.printf(Locale.ROOT, "RESULT step=journal candidate=%s sync=%s messages=%d records=%d seconds=%.3f"
                        + " rate=%.0f record_rate=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f commits=%d"
                        + " syncs=%d records_per_commit=%.1f write_us=%.1f sync_us=%.1f bytes=%d undrained=%d"
                        + " producers=%d outstanding=%d%n",
                candidate.id(), policy.id(), result.messages(), result.records(), result.seconds(),
                result.messagesPerSecond(), result.recordsPerSecond(), micros(latency.percentile(50)),
                micros(latency.percentile(99)), micros(latency.percentile(99.9)), micros(latency.max()),
                result.commits(), result.syncs(), perCommit, writeMicros, syncMicros, bytes, result.undrained(),
                producers, outstanding);
        return result.undrained() == 0 ? 0 : 1;
    }

    private static int history(Candidate candidate, Path directory, Map<String, String> options) throws Exception {
        int queued = intOption(options, "queued", 100_000);
        int retained = intOption(options, "retained", 10_000);
        int history = intOption(options, "history", 400_000);
        int payload = intOption(options, "payload", 64);
        double maxSeconds = Double.parseDouble(options.getOrDefault("max-seconds", "120"));
        requireEmpty(directory);
        // none: durable means written to the OS, which is all a process crash needs, and the fastest fill.
        JournalCandidate store = candidate.open(directory, SyncPolicy.NONE);
        History.Result result;
        try {
            result = History.write(store, queued, retained, history, payload, maxSeconds);
        } finally {
            store.crash();
        }
        long bytes = bytesOnDisk(directory);
        System.out.printf(Locale.ROOT, "%s history: %,d records in %.1f s (%,d queued and %,d retained live, %,d"
                + " enqueue+done pairs), left as after kill -9: %,d bytes on disk%n",
                candidate.id(), result.records(), result.seconds(), queued, retained, history, bytes);
        System.out.printf(Locale.ROOT, "RESULT step=history candidate=%s records=%d seconds=%.3f bytes=%d%n",
                candidate.id(), result.records(), result.seconds(), bytes);
        return 0;
    }

    private static int recover(Candidate candidate, Path directory, Map<String, String> options) throws IOException {
        long start = System.nanoTime();
        Recovered recovered = candidate.recover(directory);
        double millis = (System.nanoTime() - start) / 1e6;
        long payloadBytes = 0;
        for (byte[] value : recovered.queued().values()) {
            payloadBytes += value.length;
        }
        boolean countsRight = matches(options, "queued", recovered.queued().size())
                && matches(options, "retained", recovered.retained().size());
        System.out.printf(Locale.ROOT, "%s recovery: %,d queued (%,d bytes) and %,d retained in memory in %.0f ms%s%s%n",
                candidate.id(), recovered.queued().size(), payloadBytes, recovered.retained().size(), millis,
                recovered.note().isEmpty() ? "" : "; " + recovered.note(), countsRight ? "" : "; WRONG COUNTS");
        System.out.printf(Locale.ROOT, "RESULT step=recover candidate=%s ms=%.1f queued=%d retained=%d bytes=%d ok=%b%n",
                candidate.id(), millis, recovered.queued().size(), recovered.retained().size(), bytesOnDisk(directory),
                countsRight);
        return countsRight ? 0 : 1;
    }

    private static int compact(Candidate candidate, Path directory) throws IOException {
        long before = bytesOnDisk(directory);
        long start = System.nanoTime();
        candidate.compact(directory);
        double millis = (System.nanoTime() - start) / 1e6;
        long after = bytesOnDisk(directory);
        System.out.printf(Locale.ROOT, "%s compaction: %,d -> %,d bytes on disk in %.0f ms%n",
                candidate.id(), before, after, millis);
        System.out.printf(Locale.ROOT, "RESULT step=compact candidate=%s ms=%.1f bytes_before=%d bytes_after=%d%n",
                candidate.id(), millis, before, after);
        return 0;
    }

    private static boolean matches(Map<String, String> options, String key, int actual) {
        return !options.containsKey(key) || Integer.parseInt(options.get(key)) == actual;
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    private static int intOption(Map<String, String> options, String key, int otherwise) {
        return options.containsKey(key) ? Integer.parseInt(options.get(key)) : otherwise;
    }

    private static double micros(long nanos) {
        return nanos / 1e3;
    }

    private static void requireEmpty(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                if (files.findAny().isPresent()) {
                    throw new IllegalArgumentException(directory + " is not empty");
                }
            }
        }
    }

    static long bytesOnDisk(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
