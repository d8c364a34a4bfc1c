package dev.fountain.maven;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches source directories, with their subdirectories, and reports changes once they settle: an
 * IDE saving several files, or an editor writing a temporary file and renaming it over the old
 * one, makes one batch and so one compile instead of several.
 */
final class SourceWatcher implements Closeable {

    /** A batch of changed files, and when the first of them was seen ({@link System#nanoTime()}). */
    record Changes(Set<Path> files, long firstSeenNanos) {
    }

    private final WatchService service;
    private final Duration quiet;
    private final Map<WatchKey, Path> directories = new HashMap<>();

    private SourceWatcher(WatchService service, Duration quiet) {
        this.service = service;
        this.quiet = quiet;
    }

    /** Starts watching now, so that nothing saved after this returns goes unseen. */
    static SourceWatcher watch(Collection<Path> roots, Duration quiet) throws IOException {
        SourceWatcher watcher = new SourceWatcher(FileSystems.getDefault().newWatchService(), quiet);
        for (Path root : roots) {
            watcher.registerTree(root, new TreeSet<>());
        }
        return watcher;
    }

    /**
     * Waits up to {@code limit} for a change, then until nothing has changed for the quiet period.
     * Empty if nothing changed within {@code limit}.
     */
    Optional<Changes> awaitChanges(Duration limit) throws InterruptedException, IOException {
        WatchKey key = service.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (key == null) {
            return Optional.empty();
        }
        long first = System.nanoTime();
        Set<Path> files = new TreeSet<>();
        while (key != null) {
            collect(key, files);
            key = service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(new Changes(files, first));
    }

    @Override
    public void close() throws IOException {
        service.close();
    }

    private void collect(WatchKey key, Set<Path> files) throws IOException {
        Path directory = directories.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                // Events were lost: say the whole directory changed; the compiler sorts out what.
                files.add(directory);
                continue;
            }
            Path file = directory.resolve((Path) event.context());
            if (isEditorScratch(file)) {
                continue;
            }
            files.add(file);
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(file)) {
                registerTree(file, files);
            }
        }
        if (!key.reset()) {
            directories.remove(key);
        }
    }

    /**
     * Registers a directory and those below it. Files already inside count as changes: a directory
     * moved or created with content appears as one event, and its files as none.
     */
    private void registerTree(Path root, Set<Path> files) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isDirectory(path)) {
                    directories.put(path.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), path);
                } else if (!isEditorScratch(path)) {
                    files.add(path);
                }
            }
        }
    }

    /** Swap, lock and backup files (vim's .x.swp, emacs's .#x and x~) are not sources. */
    private static boolean isEditorScratch(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") || name.endsWith("~");
    }
}
