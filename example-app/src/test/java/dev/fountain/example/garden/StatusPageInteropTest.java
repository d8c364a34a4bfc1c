package dev.fountain.example.garden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.app.RunningApp;
import dev.fountain.broker.config.Listener;
import dev.fountain.test.FountainExtension;
import dev.fountain.test.TestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status page at /fountain/ in Debian's Chromium (playwright-core, as for the garden page),
 * against the garden application under a small load: sensor readings at 50 a second, some of them
 * not JSON, and a mosquitto_sub watching. The page must draw its charts, show the handlers' rows and
 * see its numbers move; its screenshot is kept as target/status-page.png.
 */
@Tag("interop")
class StatusPageInteropTest {

    @RegisterExtension
    static final FountainExtension GARDEN = FountainExtension.create()
            .override(binder -> binder.bind(Pump.class).toInstance(new RecordingPump()));

    @Test
    void theStatusPageDrawsLiveChartsAndTheHandlersRowsUnderLoad(RunningApp app, TestClient client) throws Exception {
        Path browserTest = Path.of("src", "test", "browser");
        if (!Files.isDirectory(browserTest.resolve("node_modules/playwright-core"))) {
            throw new AssertionError("playwright-core is not installed: build with -Pinterop, which runs npm ci in "
                    + browserTest);
        }
        Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Process watcher = new ProcessBuilder("mosquitto_sub", "-p", Integer.toString(app.port()), "-t",
                "home/garden/#").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        load.scheduleAtFixedRate(() -> {
            int n = sent.incrementAndGet();
            String reading = n % 25 == 0 ? "not json" : "{\"temperature\": 21, \"moisture\": " + (n % 40) + "}";
            client.publish("home/garden/sensors/bed-" + n % 4, reading, 1, false);
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            int http = app.broker().port(Listener.Protocol.WEBSOCKETS);
            Process node = new ProcessBuilder("node", "status-page.mjs", Integer.toString(http), screenshot.toString())
                    .directory(browserTest.toFile()).redirectErrorStream(true).start();
            boolean finished = node.waitFor(90, TimeUnit.SECONDS);
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                node.destroyForcibly();
            }
            assertThat(finished).as("the browser test finished; it printed: %s", output).isTrue();
            assertThat(node.exitValue()).as("the browser test's exit status; it printed: %s", output).isZero();
            assertThat(output).contains("\"handler\":\"Sensors#reading\"").contains("\"chartsDrawn\":true");
            assertThat(screenshot).isNotEmptyFile();
        } finally {
            load.shutdownNow();
            watcher.destroyForcibly();
        }
    }
}
