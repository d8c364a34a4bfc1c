package dev.fountain.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A {@link SourceWatcher} that compares the source trees' files (modification time and size)
 * every {@link #INTERVAL}: a few hundred stat calls a tick for an application's sources, where the
 * JDK's own fallback on macOS looks every 10 seconds. An edit that keeps a file's size within the
 * file system's timestamp resolution (one second on HFS+, nanoseconds on APFS) goes unseen.
 */
final class ScanningWatcher implements SourceWatcher {

    static final Duration INTERVAL = Duration.ofMillis(100);

    private record Stamp(long modifiedNanos, long size) {
    }

    private final List<Path> roots;
    private final Duration quiet;
    private Map<Path, Stamp> last;

    private ScanningWatcher(Collection<Path> roots, Duration quiet) {
        this.roots = List.copyOf(roots);
        this.quiet = quiet;
        this.last = scan();
    }

    static ScanningWatcher watch(Collection<Path> roots, Duration quiet) {
        return new ScanningWatcher(roots, quiet);
    }

    @Override
    public Optional<Changes> awaitChanges(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Set<Path> changed = new TreeSet<>();
        while (changed.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            Thread.sleep(INTERVAL.toMillis());
            changed.addAll(changesSinceLast());
        }
        long first = System.nanoTime();
        long settled = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < settled) {
            Thread.sleep(INTERVAL.toMillis());
            Set<Path> more = changesSinceLast();
            if (!more.isEmpty()) {
                changed.addAll(more);
                settled = System.nanoTime() + quiet.toNanos();
            }
        }
        return Optional.of(new Changes(changed, first));
    }

    @Override
    public void close() {
        last = Map.of();
    }

    private Set<Path> changesSinceLast() {
        Map<Path, Stamp> now = scan();
        Set<Path> changed = new TreeSet<>();
        now.forEach((file, stamp) -> {
            if (!Objects.equals(last.get(file), stamp)) {
                changed.add(file);
            }
        });
        last.keySet().stream().filter(file -> !now.containsKey(file)).forEach(changed::add);
        last = now;
        return changed;
    }

    private Map<Path, Stamp> scan() {
        Map<Path, Stamp> stamps = new HashMap<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                paths.forEach(path -> {
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                        if (attributes.isRegularFile() && !SourceWatcher.isEditorScratch(path)) {
                            stamps.put(path, new Stamp(attributes.lastModifiedTime().toInstant().getEpochSecond()
                                    * 1_000_000_000L + attributes.lastModifiedTime().toInstant().getNano(),
                                    attributes.size()));
                        }
                    } catch (IOException e) {
                        // Deleted between listing and reading: the next scan counts it as gone.
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // A directory deleted while walking: what is left is scanned again next tick.
            }
        }
        return stamps;
    }
}
