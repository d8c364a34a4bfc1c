package dev.fountain.maven;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Watches source directories, with their subdirectories, and reports changes once they settle: an
 * IDE saving several files, or an editor writing a temporary file and renaming it over the old
 * one, makes one batch and so one compile instead of several.
 */
interface SourceWatcher extends Closeable {

    /** A batch of changed files, and when the first of them was seen ({@link System#nanoTime()}). */
    record Changes(Set<Path> files, long firstSeenNanos) {
    }

    /**
     * Starts watching now, so that nothing saved after this returns goes unseen. Where the JDK has
     * no change notifications and would poll every 10 s (its {@code PollingWatchService}, which
     * macOS gets), the sources are scanned every {@link ScanningWatcher#INTERVAL} instead.
     */
    static SourceWatcher watch(Collection<Path> roots, Duration quiet) throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        if (service.getClass().getName().endsWith("PollingWatchService")) {
            service.close();
            return ScanningWatcher.watch(roots, quiet);
        }
        return EventWatcher.watch(service, roots, quiet);
    }

    /**
     * Waits up to {@code limit} for a change, then until nothing has changed for the quiet period.
     * Empty if nothing changed within {@code limit}.
     */
    Optional<Changes> awaitChanges(Duration limit) throws InterruptedException, IOException;

    /** Swap, lock and backup files (vim's .x.swp, emacs's .#x and x~) are not sources. */
    static boolean isEditorScratch(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") || name.endsWith("~");
    }
}
