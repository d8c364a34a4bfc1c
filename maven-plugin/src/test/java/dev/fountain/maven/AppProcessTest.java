package dev.fountain.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private AppProcess process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.stop();
        }
    }

    @Test
    void statusLinesAreReportedAndEveryLineReachesTheConsole() throws Exception {
        process = start();

        assertThat(process.awaitStatus(WAIT)).contains("application started (version 1) in 5 ms; broker on port 1883.");
        assertThat(console()).contains("a line of the application's own");
    }

    @Test
    void reloadIsSentOnStandardInputAndItsAnswerAwaited() throws Exception {
        process = start();
        process.awaitStatus(WAIT);

        assertThat(process.reload()).isTrue();

        assertThat(process.awaitStatus(WAIT)).contains("reloaded (version 2) in 3 ms.");
    }

    @Test
    void aProcessThatExitsBeforeItStartsEndsTheWaitAtOnce() throws Exception {
        process = start("fail");

        long start = System.nanoTime();
        assertThat(process.awaitStatus(WAIT)).isEmpty();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        assertThat(process.exitValue()).isEqualTo(1);
    }

    @Test
    void stopEndsTheProcess() throws Exception {
        process = start();
        process.awaitStatus(WAIT);

        process.stop();

        assertThat(process.isAlive()).isFalse();
    }

    private AppProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FakeDevMode.class.getName()));
        command.addAll(List.of(args));
        return AppProcess.start(command, true, new File("."), new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }
}
