package dev.fountain.maven;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The same behaviour from the scanning watcher that stands in for the JDK's 10-second polling on macOS. */
class ScanningWatcherTest extends SourceWatcherTest {

    @Override
    SourceWatcher create(List<Path> roots, Duration quiet) {
        return ScanningWatcher.watch(roots, quiet);
    }
}
