package dev.fountain.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory, from {@code /proc/<pid>/status} (VmRSS, KiB): what the broker
 * really holds, whatever its language or allocator. Growth across a phase is what counts, so the
 * process's baseline (a JVM's, for one) stays out of per-connection figures.
 */
final class Rss {

    private Rss() {
    }

    static long kib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip());
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** Waits {@code seconds} for the broker to settle, then reads its RSS; 0 without a pid. */
    static long settled(long pid, long seconds) throws IOException, InterruptedException {
        if (pid == 0) {
            return 0;
        }
        Thread.sleep(seconds * 1000);
        return kib(pid);
    }
}
