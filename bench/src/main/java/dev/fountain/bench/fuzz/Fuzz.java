package dev.fountain.bench.fuzz;

import dev.fountain.bench.Canary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The standalone mutational fuzzer (bench/fuzz.sh): cases against a running broker, a canary
 * pair through the same broker, and a report that exits 1 when any connection was wedged, the
 * canary lost a message, or the broker stopped accepting connections.
 *
 * <pre>
 * java -cp fountain-bench.jar dev.fountain.bench.fuzz.Fuzz --port N [--cases 1000000] [--parallel 1000]
 *     [--seed S] [--first 0] [--minutes 28] [--answer-timeout 5] [--max-packet-size 65536, as the broker's max_packet_size]
 *     [--canary-rate 100]
 * </pre>
 */
public final class Fuzz {

    private Fuzz() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 0;
        long cases = 1_000_000;
        long first = 0;
        int parallel = 1000;
        long seed = System.nanoTime();
        double minutes = 28;
        int answerTimeout = 5;
        int maxPacketSize = 65_536;
        int canaryRate = 100;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--cases" -> cases = Long.parseLong(value);
                case "--first" -> first = Long.parseLong(value);
                case "--parallel" -> parallel = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--minutes" -> minutes = Double.parseDouble(value);
                case "--answer-timeout" -> answerTimeout = Integer.parseInt(value);
                case "--max-packet-size" -> maxPacketSize = Integer.parseInt(value);
                case "--canary-rate" -> canaryRate = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port == 0 || args.length % 2 != 0) {
            System.err.println("usage: Fuzz --port N [--cases N] [--first I] [--parallel N] [--seed S] [--minutes M]"
                    + " [--answer-timeout S] [--max-packet-size B] [--canary-rate R]");
            System.exit(2);
        }
        System.exit(run(host, port, cases, first, parallel, seed, minutes, answerTimeout, maxPacketSize, canaryRate));
    }

    private static int run(String host, int port, long cases, long first, int parallel, long seed, double minutes,
            int answerTimeout, int maxPacketSize, int canaryRate) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "fuzz: %,d cases from %d, seed %d, %d in parallel, answer timeout %d s, "
                + "against %s:%d%n", cases, first, seed, parallel, answerTimeout, host, port);
        FuzzStats stats = new FuzzStats();
        CaseRunner runner = new CaseRunner(new InetSocketAddress(host, port), new CaseGenerator(seed, maxPacketSize),
                stats, parallel, answerTimeout);
        long start = System.nanoTime();
        long stopAt = start + (long) (minutes * 60e9);
        long[] lastProgress = {start};
        Canary.Report canary;
        long reached;
        try (Canary pair = Canary.start(host, port, canaryRate)) {
            reached = runner.run(first, first + cases, stopAt, () -> {
                long now = System.nanoTime();
                if (now - lastProgress[0] > TimeUnit.SECONDS.toNanos(10)) {
                    lastProgress[0] = now;
                    System.out.println(stats.progressLine((now - start) / 1e9));
                }
            });
            canary = pair.stop(10);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean alive = accepting(host, port);
        System.out.println();
        System.out.println(stats.progressLine(seconds) + (reached < first + cases
                ? String.format(Locale.ROOT, " (stopped by the %.0f-minute limit at case %,d)", minutes, reached) : ""));
        System.out.println();
        stats.print(System.out);
        System.out.println();
        System.out.printf(Locale.ROOT, "canary QoS 1: sent %,d, received %,d, lost %,d, duplicates %,d, out of order %,d,"
                + " unacknowledged %,d, disconnected %s%n", canary.sent(), canary.received(), canary.lost(),
                canary.duplicates(), canary.outOfOrder(), canary.unacked(), canary.disconnected());
        long wedged = stats.count(CaseRunner.Outcome.WEDGED);
        System.out.printf(Locale.ROOT, "RESULT cases=%d wedged=%d refused=%d broker_accepting=%s canary_lost=%d "
                + "canary_dup=%d canary_ooo=%d canary_disconnected=%s seconds=%.0f seed=%d%n", stats.cases(), wedged,
                stats.count(CaseRunner.Outcome.REFUSED), alive, canary.lost(), canary.duplicates(), canary.outOfOrder(),
                canary.disconnected(), seconds, seed);
        return wedged == 0 && alive && stats.count(CaseRunner.Outcome.REFUSED) == 0 && canary.correct() ? 0 : 1;
    }

    /** Whether the broker still takes a connection and answers a CONNECT with CONNACK 0. */
    private static boolean accepting(String host, int port) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(new byte[] {0x10, 0x0d, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 0, 0, 1, 'z'});
            byte[] connack = socket.getInputStream().readNBytes(4);
            return connack.length == 4 && connack[0] == 0x20 && connack[3] == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
