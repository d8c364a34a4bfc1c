package dev.fountain.broker.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which program listens on a TCP port, from Linux's {@code /proc}, so that a broker that cannot bind
 * names what is in its way (most often Debian's mosquitto service on 1883) rather than only the
 * errno. Best effort: empty on other systems, or when the holder belongs to a user whose file
 * descriptors this process may not read.
 */
final class PortHolder {

    /** A socket in LISTEN state, in /proc/net/tcp's "st" column. */
    private static final String LISTEN = "0A";
    /** Enough for any real machine; a bound on the work a failed start does. */
    private static final int MAX_PROCESSES = 10_000;

    private PortHolder() {
    }

    /** "mosquitto, pid 811", or empty when it cannot be told. */
    static Optional<String> describe(int port) {
        try {
            Set<String> inodes = listeningInodes(port);
            if (inodes.isEmpty()) {
                return Optional.empty();
            }
            List<Path> processes;
            try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
                processes = entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                        .limit(MAX_PROCESSES).toList();
            }
            for (Path process : processes) {
                if (holdsAny(process, inodes)) {
                    String name = Files.readString(process.resolve("comm")).strip();
                    return Optional.of(name + ", pid " + process.getFileName());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc changed under us: the caller says what it knows without a name.
        }
        return Optional.empty();
    }

    private static Set<String> listeningInodes(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] columns = line.strip().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
                if (columns.length > 9 && columns[1].endsWith(hexPort) && columns[3].equals(LISTEN)) {
                    inodes.add(columns[9]);
                }
            }
        }
        return inodes;
    }

    private static boolean holdsAny(Path process, Set<String> inodes) {
        try (Stream<Path> descriptors = Files.list(process.resolve("fd"))) {
            return descriptors.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
