package dev.fountain.maven;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
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
 * A {@link SourceWatcher} on the operating system's change notifications (inotify on Linux, the
 * directory change API on Windows), through the JDK's {@link WatchService}.
 */
final class EventWatcher implements SourceWatcher {

    private final WatchService service;
    private final Duration quiet;
    private final Map<WatchKey, Path> directories = new HashMap<>();

    private EventWatcher(WatchService service, Duration quiet) {
        this.service = service;
        this.quiet = quiet;
    }

    /** Starts watching now with {@code service}, so that nothing saved after this returns goes unseen. */
    static EventWatcher watch(WatchService service, Collection<Path> roots, Duration quiet) throws IOException {
        EventWatcher watcher = new EventWatcher(service, quiet);
        for (Path root : roots) {
            watcher.registerTree(root, new TreeSet<>());
        }
        return watcher;
    }

    @Override
    public Optional<Changes> awaitChanges(Duration limit) throws InterruptedException, IOException {
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
            if (SourceWatcher.isEditorScratch(file)) {
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
                } else if (!SourceWatcher.isEditorScratch(path)) {
                    files.add(path);
                }
            }
        }
    }

}
