package dev.fountain.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.testing.PahoClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14's crash test: the standalone jar with {@code persistence true} is killed with SIGKILL at
 * random moments, five times, under QoS 1 and QoS 2 load, and restarted on the same port and store
 * each time. Every message the broker acknowledged to a publisher (PUBACK, PUBCOMP) must reach every
 * persistent subscriber of its topic: QoS 1 at least once, QoS 2 exactly once, checked by sequence
 * number. The subscribers subscribe once, at the start; one of them is away across every crash and
 * another across every other one, so the broker must keep their queues too. The retained message
 * set before the first kill must be there after the last.
 *
 * <p>All three {@code persistence_sync} policies promise this for a process crash: {@code always}
 * fsyncs before it acknowledges, {@code interval} and {@code none} have at least written to the
 * operating system, which outlives the process. (A power loss, which only {@code always} survives,
 * is not something a test can do to a process.)
 *
 * <p>The kills follow a seeded random schedule; the seed is printed, and {@code -Dcrash.seed=<seed>}
 * runs the same schedule again (the machine's timing still differs).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrashRecoveryIT {

    private static final int KILLS = 5;
    /** Per publisher: about 4 x 200 x 40 s = 32,000 messages a run, all of them queued for the sleeper. */
    private static final int PER_SECOND = 200;
    private static final String RETAINED_TOPIC = "crash/retained";
    /** The four publishers and three subscribers, all clean session 0: what every restart must restore. */
    private static final int PERSISTENT_SESSIONS = 7;
    private static final Duration DRAIN = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** 1 until the first kill, then one more for each restart. */
    private final AtomicInteger brokerRun = new AtomicInteger(1);
    /** The runs that logged no "restored ..." line, reported together. */
    private final List<Integer> unrestored = new ArrayList<>();
    private String lastUnrestoredLog;
    private Path config;
    private int port;
    private Random random;
    private BrokerProcess broker;

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // a client that cannot even close cleanly changes nothing about the verdict
            }
        }
        threads.shutdownNow();
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "persistence_sync {0}")
    @ValueSource(strings = {"always", "interval", "none"})
    void everyAcknowledgedMessageSurvivesRepeatedKills(String sync) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        random = new Random(seed);
        say("persistence_sync %s, seed %d (repeat the schedule with -Dcrash.seed=%d)", sync, seed, seed);
        port = freePort();
        config = config(sync);
        broker = BrokerProcess.start(config);
        long started = System.nanoTime();

        String retained = "set before the first kill, seed " + seed;
        try (PahoClient setter = PahoClient.connect(port, "crash-retained-setter")) {
            setter.publish(RETAINED_TOPIC, retained, 1, true);
        }
        List<SequencePublisher> publishers = List.of(publisher("crash-pub-q1-a", 1), publisher("crash-pub-q1-b", 1),
                publisher("crash-pub-q2-a", 2), publisher("crash-pub-q2-b", 2));
        // Online throughout, reconnected as soon as the broker is back.
        PersistentSubscriber steady = subscriber("crash-sub-steady");
        // Leaves in cycles 1, 3 and 5 and comes back in the cycle after: away across three kills.
        PersistentSubscriber roamer = subscriber("crash-sub-roamer");
        // Leaves in cycle 1 and comes back after the last restart: its queue outlives every kill.
        PersistentSubscriber sleeper = subscriber("crash-sub-sleeper");
        List<PersistentSubscriber> subscribers = List.of(steady, roamer, sleeper);
        publishers.forEach(publisher -> publisher.start(threads));

        for (int cycle = 1; cycle <= KILLS; cycle++) {
            long killAt = 4_000 + random.nextInt(4_000);
            Timeline timeline = new Timeline("cycle " + cycle);
            if (cycle % 2 == 0) {
                timeline.at(random.nextLong(killAt / 2), "roamer comes back", roamer::comeBack);
            } else {
                timeline.at(random.nextLong(killAt / 2), "roamer leaves", roamer::leave);
            }
            if (cycle == 1) {
                timeline.at(random.nextLong(killAt), "sleeper leaves", sleeper::leave);
            }
            timeline.at(killAt, "kill -9 broker pid " + broker.pid(), this::killAndRestart);
            timeline.run();
            subscribers.forEach(PersistentSubscriber::reconnectUnlessAway);
        }
        long finalPhase = 2_000 + random.nextInt(2_000);
        Timeline last = new Timeline("after the last restart");
        last.at(0, "sleeper comes back", sleeper::comeBack);
        last.at(random.nextLong(finalPhase / 2), "roamer comes back", roamer::comeBack);
        last.at(finalPhase, "publishers stop", () -> { });
        last.run();

        for (SequencePublisher publisher : publishers) {
            try {
                publisher.stop();
            } catch (Exception e) {
                problems.add(publisher.clientId() + "'s publishing loop ended early: " + e);
            }
        }
        publishers.forEach(SequencePublisher::publishSentinel);
        awaitSentinels(subscribers, publishers);
        say("%d kills in %d s", KILLS, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

        if (!unrestored.isEmpty()) {
            problems.add("broker runs " + unrestored + " (after the kills) logged no 'restored N sessions, M queued"
                    + " messages, R retained in T ms' line; the last of them logged:\n    " + lastUnrestoredLog);
        }
        checkStreams(subscribers, publishers);
        checkSessions(subscribers, publishers);
        checkRetained(retained);
        if (!broker.isAlive()) {
            problems.add("the last broker run ended by itself (" + broker.exit() + "):\n    " + broker.tail(20));
        }
        if (!problems.isEmpty()) {
            fail("%d problems with persistence_sync %s, seed %d (repeat with -Dcrash.seed=%d):%n  %s",
                    problems.size(), sync, seed, seed, String.join("\n  ", problems));
        }
    }

    private void killAndRestart() throws Exception {
        int run = brokerRun.get();
        if (!broker.isAlive()) {
            problems.add("broker run " + run + " ended by itself before its kill (" + broker.exit() + "):\n    "
                    + broker.tail(20));
        }
        broker.kill();
        broker = BrokerProcess.start(config);
        brokerRun.incrementAndGet();
        // Clients reconnect as soon as the port is open, so the store must be read back by then.
        Matcher restored = broker.restoredLine().orElse(null);
        if (restored == null) {
            unrestored.add(run + 1);
            lastUnrestoredLog = broker.tail(10);
            return;
        }
        say("  run %d: %s", run + 1, restored.group());
        if (Integer.parseInt(restored.group(1)) != PERSISTENT_SESSIONS || Integer.parseInt(restored.group(3)) != 1) {
            problems.add("broker run " + (run + 1) + " logged '" + restored.group() + "', expected "
                    + PERSISTENT_SESSIONS + " sessions (4 publishers, 3 subscribers) and 1 retained");
        }
    }

    private void awaitSentinels(List<PersistentSubscriber> subscribers, List<SequencePublisher> publishers) {
        try {
            // A subscriber whose session was lost has no subscription any more and never gets a
            // sentinel: waiting on for it would only delay the report.
            await("every subscriber getting every publisher's sentinel").atMost(DRAIN)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> subscribers.stream().allMatch(s -> publishers.stream().allMatch(s::hasSentinelOf))
                            || subscribers.stream().anyMatch(s -> !s.connection().sessionsLost().isEmpty()));
        } catch (ConditionTimeoutException e) {
            problems.add("the streams did not drain within " + DRAIN.toSeconds() + " s (see the missing sentinels)");
        }
    }

    private void checkStreams(List<PersistentSubscriber> subscribers, List<SequencePublisher> publishers) {
        for (SequencePublisher publisher : publishers) {
            say("%s QoS %d: %d published, %d acknowledged, %d failed under a kill", publisher.clientId(),
                    publisher.qos(), publisher.attempted(), publisher.acknowledged().cardinality(), publisher.failed());
        }
        for (PersistentSubscriber subscriber : subscribers) {
            for (SequencePublisher publisher : publishers) {
                say("  %s <- %s: %d delivered, %d acknowledged missing, %d duplicated", subscriber.clientId(),
                        publisher.clientId(), subscriber.received(publisher), subscriber.missing(publisher).size(),
                        subscriber.duplicates(publisher).size());
                problems.addAll(subscriber.problems(publisher));
            }
            if (!subscriber.unexpected().isEmpty()) {
                problems.add(subscriber.clientId() + " received messages no publisher sent: "
                        + subscriber.unexpected().subList(0, Math.min(10, subscriber.unexpected().size())));
            }
        }
    }

    /** [MQTT-3.2.2-2]: a reconnect with clean session 0 finds the session it left, crash or not. */
    private void checkSessions(List<PersistentSubscriber> subscribers, List<SequencePublisher> publishers) {
        for (PersistentSubscriber subscriber : subscribers) {
            if (!subscriber.connection().sessionsLost().isEmpty()) {
                problems.add(subscriber.clientId() + " reconnected without its session (CONNACK session present 0),"
                        + " and so without its only subscription, in " + subscriber.connection().sessionsLost());
            }
        }
        for (SequencePublisher publisher : publishers) {
            if (!publisher.connection().sessionsLost().isEmpty()) {
                problems.add(publisher.clientId() + " reconnected without its session (CONNACK session present 0) in "
                        + publisher.connection().sessionsLost());
            }
        }
    }

    private void checkRetained(String retained) throws Exception {
        try (PahoClient reader = PahoClient.connect(port, "crash-retained-reader")) {
            reader.subscribe(RETAINED_TOPIC, 1);
            PahoClient.Received message = reader.next();
            if (!message.retained() || !message.payload().equals(retained)) {
                problems.add("a new subscriber to " + RETAINED_TOPIC + " after the last restart got " + message
                        + ", expected the retained '" + retained + "'");
            }
        } catch (ConditionTimeoutException e) {
            problems.add("a new subscriber to " + RETAINED_TOPIC + " after the last restart got no retained message;"
                    + " '" + retained + "' was set before the first kill");
        }
    }

    private SequencePublisher publisher(String clientId, int qos) throws Exception {
        SequencePublisher publisher = new SequencePublisher(port, clientId, "crash/q" + qos + "/" + clientId, qos,
                PER_SECOND, brokerRun::get);
        clients.add(publisher);
        publisher.connect();
        return publisher;
    }

    /** Subscribes at QoS 1 to the QoS 1 streams and at QoS 2 to the QoS 2 streams, once for the whole run. */
    private PersistentSubscriber subscriber(String clientId) throws Exception {
        PersistentSubscriber subscriber = new PersistentSubscriber(port, clientId, brokerRun::get);
        clients.add(subscriber);
        int[] granted = subscriber.connectAndSubscribe(new String[] {"crash/q1/+", "crash/q2/+"}, new int[] {1, 2});
        assertThat(granted).as("%s's SUBACK", clientId).containsExactly(1, 2);
        return subscriber;
    }

    private Path config(String sync) throws IOException {
        Path store = Files.createDirectories(dir.resolve("store"));
        return Files.write(dir.resolve("mosquitto.conf"), List.of(
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                // Mosquitto's manual asks for the trailing slash.
                "persistence_location " + store + "/",
                "persistence_sync " + sync,
                // The sleeper's queue holds the whole run; a queue limit dropping messages would
                // read as loss.
                "max_queued_messages 0",
                "max_queued_bytes 0"));
    }

    /**
     * A port below Linux's ephemeral range (32768 and up), so that no client socket of this or any
     * other process is given it while the broker is down between a kill and its restart.
     */
    private static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", candidate));
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new AssertionError("no free port between 20000 and 32000 on 127.0.0.1");
    }

    private static void say(String format, Object... args) {
        System.out.printf("CrashRecoveryIT: " + format + "%n", args);
    }

    /** Steps at moments after the timeline starts; the moments come from the seeded random. */
    private static final class Timeline {

        private interface Action {
            void run() throws Exception;
        }

        private record Step(long atMillis, String what, Action action) {
        }

        private final String name;
        private final List<Step> steps = new ArrayList<>();

        Timeline(String name) {
            this.name = name;
        }

        void at(long atMillis, String what, Action action) {
            steps.add(new Step(atMillis, what, action));
        }

        void run() throws Exception {
            long start = System.nanoTime();
            steps.sort(Comparator.comparingLong(Step::atMillis));
            for (Step step : steps) {
                long wait = step.atMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (wait > 0) {
                    Thread.sleep(wait); // a random moment by design, not a wait for a condition
                }
                say("%s, +%d ms: %s", name, step.atMillis(), step.what());
                step.action().run();
            }
        }
    }
}
