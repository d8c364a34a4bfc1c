package dev.fountain.maven;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/**
 * The development loop behind {@code mqtt:run}: start the application; then, on every settled
 * change to the sources, compile (Java sources in this JVM, anything else with Maven) and reload the
 * application in its running JVM (or restart the JVM when the application has a main class of its
 * own). A failed compile leaves the running version alone.
 */
final class DevLoop {

    /** Long enough for an IDE's "save all" and an editor's write-and-rename to land as one batch. */
    static final Duration QUIET = Duration.ofMillis(100);
    private static final Duration STARTUP = Duration.ofMinutes(2);
    private static final Duration RELOAD = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(500);

    private final AppCommand command;
    private final File workingDirectory;
    private final List<Path> roots;
    private final Recompiler recompiler;
    /** Compiles Java source changes in this JVM; null when the project's compile cannot be reproduced. */
    private final JavaCompile javac;
    private final Log log;
    private final PrintStream console;
    private volatile AppProcess app;
    private volatile boolean stopping;

    /** With {@code recompiler} null the application runs as compiled, without watching. */
    DevLoop(AppCommand command, File workingDirectory, List<Path> roots, Recompiler recompiler, JavaCompile javac,
            Log log, PrintStream console) {
        this.command = command;
        this.workingDirectory = workingDirectory;
        this.roots = roots;
        this.recompiler = recompiler;
        this.javac = javac;
        this.log = log;
        this.console = console;
    }

    /** Runs until Maven is stopped (Ctrl-C), or, without watching, until the application exits. */
    void run() throws MojoExecutionException {
        // Watching starts before the application does, so that no change saved once it has
        // started can be missed.
        try (SourceWatcher watcher = recompiler == null ? null : SourceWatcher.watch(roots, QUIET)) {
            Thread hook = new Thread(this::stop, "mqtt-run-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                app = start();
                awaitFirstStart();
                if (watcher == null) {
                    awaitExit();
                } else {
                    log.info("Watching " + roots.stream().map(Path::toString).collect(Collectors.joining(", "))
                            + " for changes. Ctrl-C stops.");
                    watch(watcher);
                }
            } finally {
                stop();
                removeHook(hook);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("mqtt:run failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitFirstStart() throws InterruptedException, MojoExecutionException {
        if (!command.reloadsInPlace()) {
            return;
        }
        Optional<String> status = app.awaitStatus(STARTUP);
        if (status.isEmpty() && !app.isAlive()) {
            throw new MojoExecutionException("The application exited with status " + app.exitValue()
                    + " before it started; its output is above.");
        }
        if (status.isEmpty()) {
            log.warn("The application has not said it started after " + STARTUP.toSeconds() + " s.");
        } else if (!status.get().startsWith("application started") && recompiler == null) {
            throw new MojoExecutionException("The application did not start (see above), and without"
                    + " mqtt.watch nothing would start it again.");
        }
    }

    private void awaitExit() throws InterruptedException, MojoExecutionException {
        int status = app.waitFor();
        if (status != 0 && !stopping) {
            throw new MojoExecutionException("The application exited with status " + status + ".");
        }
    }

    private void watch(SourceWatcher watcher) throws IOException, InterruptedException {
        boolean exitReported = false;
        while (!stopping) {
            if (!app.isAlive() && !exitReported && !stopping) {
                log.warn("The application exited with status " + app.exitValue()
                        + "; save a change to start it again.");
                exitReported = true;
            }
            Optional<SourceWatcher.Changes> changes = watcher.awaitChanges(POLL);
            if (changes.isPresent() && !stopping) {
                exitReported = false;
                rebuild(changes.get());
            }
        }
    }

    private void rebuild(SourceWatcher.Changes changes) throws IOException, InterruptedException {
        log.info(describe(changes) + " changed; compiling.");
        Recompiler.Result compiled = javac != null && javac.handles(changes) ? javac.compile() : recompiler.compile();
        if (stopping) {
            return;
        }
        if (!compiled.succeeded()) {
            log.error("Compile error; the running version stays. Fix it and save.\n" + compiled.output());
            return;
        }
        boolean reloaded = command.reloadsInPlace() && app.isAlive() && app.reload();
        if (!reloaded) {
            app.stop();
            app = start();
        }
        String done = reloaded ? "Reloaded" : "Restarted";
        if (command.reloadsInPlace()) {
            Optional<String> status = app.awaitStatus(reloaded ? RELOAD : STARTUP);
            if (status.isEmpty()) {
                log.warn("The application did not say whether the new version started.");
                return;
            }
            if (!status.get().startsWith("reloaded") && !status.get().startsWith("application started")) {
                log.warn("The new version did not start (see above); fix it and save.");
                return;
            }
        }
        log.info(done + " in " + millisSince(changes.firstSeenNanos()) + " ms from the change (compile "
                + compiled.millis() + " ms).");
    }

    private AppProcess start() throws IOException {
        return AppProcess.start(command.command(), command.reloadsInPlace(), workingDirectory, console);
    }

    /** Stops the compile and the application: on Maven's exit (Ctrl-C) and at the end of the loop. */
    private void stop() {
        stopping = true;
        if (recompiler != null) {
            recompiler.cancel();
        }
        AppProcess running = app;
        if (running != null) {
            running.stop();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already exiting and the hook has done, or is doing, its work.
        }
    }

    /**
     * The file that changed, or how many did. An editor's scratch file that came and went within
     * the batch (sed -i, some IDEs' safe write) is not counted as a second change.
     */
    private static String describe(SourceWatcher.Changes changes) {
        List<Path> present = changes.files().stream().filter(Files::exists).toList();
        if (present.size() == 1) {
            return present.get(0).getFileName().toString();
        }
        int count = present.isEmpty() ? changes.files().size() : present.size();
        return count == 1 ? changes.files().iterator().next().getFileName().toString() : count + " files";
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
