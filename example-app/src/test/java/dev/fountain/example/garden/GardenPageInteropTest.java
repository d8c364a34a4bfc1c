package dev.fountain.example.garden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.app.RunningApp;
import dev.fountain.broker.config.Listener;
import dev.fountain.test.FountainExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The garden page in a real browser: Debian's Chromium, driven by playwright-core from
 * {@code src/test/browser} (installed by the build's interop profile with {@code npm ci}). The page is served
 * by the application's broker and talks MQTT to it over WebSocket.
 */
@Tag("interop")
class GardenPageInteropTest {


    static final RecordingPump PUMP = new RecordingPump();

    @RegisterExtension
    static final FountainExtension GARDEN = FountainExtension.create()
            .override(binder -> binder.bind(Pump.class).toInstance(PUMP));

    @Test
    void aClickOnTheSwitchRunsTheHandlerAndThePageShowsTheConfirmedState(RunningApp app) throws Exception {
        Path browserTest = Path.of("src", "test", "browser");
        if (!Files.isDirectory(browserTest.resolve("node_modules/playwright-core"))) {
            throw new AssertionError("playwright-core is not installed: build with -Pinterop, which runs npm ci in "
                    + browserTest);
        }
        int http = app.broker().port(Listener.Protocol.WEBSOCKETS);
        Process node = new ProcessBuilder("node", "garden-page.mjs", Integer.toString(http),
                Integer.toString(app.port())).directory(browserTest.toFile()).redirectErrorStream(true).start();
        boolean finished = node.waitFor(90, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            node.destroyForcibly();
        }
        assertThat(finished).as("the browser test finished; it printed: %s", output).isTrue();
        assertThat(node.exitValue()).as("the browser test's exit status; it printed: %s", output).isZero();
        assertThat(output).contains("\"fountain2\":\"on\"")
                .contains("\"message\":{\"topic\":\"home/garden/test/tcp\",\"payload\":\"from tcp\",\"qos\":1}");
        assertThat(PUMP.calls).contains("2 ON");
    }
}
