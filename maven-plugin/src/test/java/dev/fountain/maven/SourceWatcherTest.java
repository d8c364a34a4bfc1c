package dev.fountain.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceWatcherTest {

    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path root;

    private Path garden;
    private SourceWatcher watcher;

    @BeforeEach
    void watch() throws IOException {
        garden = Files.createDirectories(root.resolve("dev/garden"));
        Files.writeString(garden.resolve("Fountain.java"), "class Fountain {}");
        watcher = create(List.of(root), QUIET);
    }

    /** The platform's watcher: change notifications on Linux, where the tests run. */
    SourceWatcher create(List<Path> roots, Duration quiet) throws IOException {
        return SourceWatcher.watch(roots, quiet);
    }

    @AfterEach
    void close() throws IOException {
        watcher.close();
    }

    @Test
    void aSavedFileInASubdirectoryIsAChange() throws Exception {
        Files.writeString(garden.resolve("Fountain.java"), "class Fountain { int jets; }");

        assertThat(watcher.awaitChanges(WAIT)).hasValueSatisfying(changes ->
                assertThat(changes.files()).containsExactly(garden.resolve("Fountain.java")));
    }

    @Test
    void savesCloserTogetherThanTheQuietPeriodMakeOneBatch() throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            Files.writeString(garden.resolve("Pump" + i + ".java"), "class Pump" + i + " {}");
            Thread.sleep(100);
        }

        Optional<SourceWatcher.Changes> changes = watcher.awaitChanges(WAIT);

        assertThat(changes).hasValueSatisfying(batch -> assertThat(batch.files()).hasSize(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400 + 300));
        assertThat(watcher.awaitChanges(Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void filesInANewDirectoryAreSeenAndSoAreLaterChangesInIt() throws Exception {
        Path pumps = Files.createDirectories(garden.resolve("pumps"));
        Files.writeString(pumps.resolve("Pump.java"), "class Pump {}");
        assertThat(watcher.awaitChanges(WAIT)).hasValueSatisfying(changes ->
                assertThat(changes.files()).contains(pumps.resolve("Pump.java")));

        Files.writeString(pumps.resolve("Pump.java"), "class Pump { int litres; }");

        assertThat(watcher.awaitChanges(WAIT)).hasValueSatisfying(changes ->
                assertThat(changes.files()).containsExactly(pumps.resolve("Pump.java")));
    }

    @Test
    void aDeletedFileIsAChange() throws Exception {
        Files.delete(garden.resolve("Fountain.java"));

        assertThat(watcher.awaitChanges(WAIT)).hasValueSatisfying(changes ->
                assertThat(changes.files()).containsExactly(garden.resolve("Fountain.java")));
    }

    @Test
    void editorScratchFilesAreNotChanges() throws Exception {
        Files.writeString(garden.resolve(".Fountain.java.swp"), "vim");
        Files.writeString(garden.resolve("Fountain.java~"), "emacs");

        assertThat(watcher.awaitChanges(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void withoutChangesTheWaitEndsEmptyAtItsLimit() throws Exception {
        assertThat(watcher.awaitChanges(Duration.ofMillis(200))).isEmpty();
    }
}
