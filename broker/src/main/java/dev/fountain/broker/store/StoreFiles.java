package dev.fountain.broker.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The store's files in its directory: log segments {@code <name>.<n>.log}, numbered in the order
 * they were written, and snapshots {@code <name>.<n>.snapshot}, each holding what the log up to
 * and including segment {@code n} left alive.
 */
final class StoreFiles {

    static final byte[] LOG_MAGIC = {'F', 'N', 'T', 'N', 'L', 'O', 'G', 1};
    static final byte[] SNAPSHOT_MAGIC = {'F', 'N', 'T', 'N', 'S', 'N', 'P', 1};

    final Path directory;
    final String name;
    private final Pattern pattern;

    StoreFiles(Path directory, String name) {
        this.directory = directory;
        this.name = name;
        this.pattern = Pattern.compile(Pattern.quote(name) + "\\.(\\d{8})\\.(log|snapshot)");
    }

    Path segment(long number) {
        return directory.resolve(String.format("%s.%08d.log", name, number));
    }

    Path snapshot(long number) {
        return directory.resolve(String.format("%s.%08d.snapshot", name, number));
    }

    Path lockFile() {
        return directory.resolve(name + ".lock");
    }

    /** The segments on disk, by number. */
    TreeMap<Long, Path> segments() throws IOException {
        return list("log");
    }

    /** The snapshots on disk, by number. */
    TreeMap<Long, Path> snapshots() throws IOException {
        return list("snapshot");
    }

    private TreeMap<Long, Path> list(String kind) throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                Matcher m = pattern.matcher(file.getFileName().toString());
                if (m.matches() && m.group(2).equals(kind)) {
                    found.put(Long.parseLong(m.group(1)), file);
                }
            });
        }
        return found;
    }

    /** Every file of this store, including unfinished snapshots, to move aside together. */
    List<Path> all() throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                String fileName = file.getFileName().toString();
                if (pattern.matcher(fileName).matches() || fileName.startsWith(name + ".") && fileName.endsWith(".tmp")) {
                    all.add(file);
                }
            });
        }
        return all;
    }

    long size() throws IOException {
        long total = 0;
        for (Path file : all()) {
            total += Files.size(file);
        }
        return total;
    }

    /** Makes a rename or a new file in the directory itself durable. */
    void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for reading; their renames are durable or not regardless.
        }
    }
}
