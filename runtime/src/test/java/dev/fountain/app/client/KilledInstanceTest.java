package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.Broker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one application, each its own JVM, share a QoS 1 stream; one is killed with
 * SIGKILL in the middle and started again under the same instance name. Its persistent sessions
 * kept what it had not acknowledged, so every job is handled at least once.
 */
class KilledInstanceTest {

    static final int MESSAGES = 10_000;

    private final List<Process> workers = new ArrayList<>();
    private Broker broker;

    @AfterEach
    void stop() throws Exception {
        for (Process worker : workers) {
            if (worker.isAlive()) {
                worker.getOutputStream().close();
            }
            if (!worker.waitFor(10, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aKilledInstanceRestartedUnderItsNameLeavesNoJobUnhandled() throws Exception {
        broker = Broker.builder().port(0).configure(config -> config.maxQueuedMessages(MESSAGES)).build().start();
        Path directory = Files.createTempDirectory("fountain-workers");
        Path first = directory.resolve("a.txt");
        Path second = directory.resolve("b.txt");
        worker("a", first);
        Process victim = worker("b", second);

        Thread publishing = new Thread(() -> SharedWorkTest.publishSequence(broker.port(), MESSAGES));
        publishing.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(second) > MESSAGES / 10);
        victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        int beforeKill = lines(second);
        worker("b", second);
        publishing.join(TimeUnit.SECONDS.toMillis(90));

        await().atMost(Duration.ofSeconds(60)).until(() -> missing(first, second).isEmpty());
        int handled = lines(first) + lines(second);
        System.out.printf("killed instance: b had handled %d when killed; %d handled in all, %d more than %d"
                + " (redelivered after the kill)%n", beforeKill, handled, handled - MESSAGES, MESSAGES);
        assertThat(missing(first, second)).isEmpty();
    }

    private Process worker(String instance, Path file) throws Exception {
        Path log = file.resolveSibling(instance + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Two workers on one host: each takes any free HTTP port, not both 8080.
                "-Dfountain.http.port=0",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                WorkerMain.class.getName(), Integer.toString(broker.port()), instance, file.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        workers.add(process);
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.equals("started")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean up;
        try {
            up = started.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            up = false;
        }
        assertThat(up).as("worker %s started; its log: %s", instance, log).isTrue();
        return process;
    }

    private static int lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private static List<Integer> missing(Path... files) throws IOException {
        BitSet seen = new BitSet(MESSAGES);
        for (Path file : files) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        seen.set(Integer.parseInt(line.strip()));
                    }
                }
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = seen.nextClearBit(0); i < MESSAGES; i = seen.nextClearBit(i + 1)) {
            missing.add(i);
        }
        return missing;
    }
}
