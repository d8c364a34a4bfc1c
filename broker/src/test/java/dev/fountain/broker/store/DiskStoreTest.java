package dev.fountain.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.config.Persistence;
import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.broker.routing.Subscription;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on its own: what it gives back after closing, how big it stays, and who may open it. */
class DiskStoreTest {

    @TempDir
    Path dir;

    private Persistence settings() {
        return Persistence.OFF.withEnabled(true).withDirectory(dir).withSync(Persistence.Sync.NONE);
    }

    private static Message message(String topic, String payload) {
        return new Message(topic, Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8), 1, false);
    }

    @Test
    void everyKindOfChangeIsGivenBackInOrderAfterReopening() throws Exception {
        List<String> errors = new ArrayList<>();
        long session;
        long kept;
        try (DiskStore store = DiskStore.open(settings(), errors::add)) {
            session = store.newSessionId();
            store.sessionOpened(session, "display", "alice", 3600);
            store.subscribed(session, new Subscription(null, "home/#", 2, true, true, 1, 7));
            store.subscribed(session, new Subscription(null, "gone/#", 1));
            store.unsubscribed(session, "gone/#");
            Message withProperties = new Message("home/a", Unpooled.copiedBuffer("p", StandardCharsets.UTF_8), 2, true,
                    new PublishProperties(1, "text/plain", "reply/here", new byte[] {1, 2},
                            List.of(new PublishProperties.UserProperty("k", "v"))), Message.NEVER, null);
            kept = store.enqueued(session, withProperties, 2, true, new int[] {7});
            store.sent(kept, 42);
            store.received(kept);
            long delivered = store.enqueued(session, message("home/b", "delivered"), 1, false, null);
            store.done(delivered);
            store.enqueued(session, message("home/c", "queued"), 1, false, null);
            store.qos2Received(session, 9);
            store.qos2Received(session, 10);
            store.qos2Released(session, 9);
            store.retained(message("home/state", "on"));
            store.retained(message("home/level", "3"));
            store.retainedDeleted("home/level");
            long ended = store.newSessionId();
            store.sessionOpened(ended, "gone", null, 60);
            store.sessionEnded(ended);
            store.sessionDetached(session, 3600);
        }
        try (DiskStore store = DiskStore.open(settings(), errors::add)) {
            Recovered recovered = store.recovered();
            assertThat(recovered.error()).isNull();
            assertThat(recovered.warnings()).isEmpty();
            assertThat(recovered.sessions()).hasSize(1);
            StoredSession display = recovered.sessions().get(0);
            assertThat(display.clientId()).isEqualTo("display");
            assertThat(display.username()).isEqualTo("alice");
            assertThat(display.expirySeconds()).isEqualTo(3600);
            assertThat(display.detachedAtMillis()).isPositive();
            assertThat(display.subscriptions()).containsExactly(
                    new StoredSession.StoredSubscription("home/#", 2, true, true, 1, 7));
            assertThat(display.unreleasedQos2()).containsExactly(10);
            assertThat(display.entries()).hasSize(2);
            StoredSession.Entry first = display.entries().get(0);
            assertThat(first.id()).isEqualTo(kept);
            assertThat(first.packetId()).isEqualTo(42);
            assertThat(first.received()).isTrue();
            assertThat(first.subscriptionIds()).containsExactly(7);
            Message restored = first.message().toMessage();
            assertThat(restored.properties().contentType()).isEqualTo("text/plain");
            assertThat(restored.properties().responseTopic()).isEqualTo("reply/here");
            assertThat(restored.properties().correlationData()).containsExactly(1, 2);
            assertThat(restored.properties().userProperties()).containsExactly(new PublishProperties.UserProperty("k", "v"));
            assertThat(restored.properties().payloadFormat()).isEqualTo(1);
            restored.release();
            assertThat(display.entries().get(1).message().topic()).isEqualTo("home/c");
            assertThat(recovered.retained()).extracting(StoredMessage::topic).containsExactly("home/state");
            assertThat(recovered.queuedMessages()).isEqualTo(2);
            assertThat(store.newSessionId()).as("identifiers never repeat").isGreaterThan(kept);
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void compactionKeepsTheFilesNearTheLiveData() throws Exception {
        List<String> errors = new ArrayList<>();
        byte[] kilobyte = new byte[1024];
        // Compact after every 4,000 changes, so that 40 MiB of history passes through about twenty compactions.
        Persistence settings = settings().withAutosaveOnChanges(true).withAutosaveInterval(4000);
        try (DiskStore store = DiskStore.open(settings, errors::add)) {
            long session = store.newSessionId();
            store.sessionOpened(session, "display", null, 3600);
            long live = store.enqueued(session, message("home/live", "still owed"), 1, false, null);
            for (int i = 0; i < 40_000; i++) {
                long entry = store.enqueued(session, new Message("home/x", Unpooled.wrappedBuffer(kilobyte), 1, false),
                        1, false, null);
                store.done(entry);
            }
            // What stays is the snapshot (one live entry) and the segment being written, which holds
            // the changes since the last roll: fewer than 4,000 and whatever one batch added, a few MiB.
            await().atMost(Duration.ofSeconds(30)).until(() -> store.diskBytes() < 8L << 20);
            assertThat(store.diskBytes()).isLessThan(8L << 20);
            assertThat(live).isPositive();
        }
        try (DiskStore store = DiskStore.open(settings, errors::add)) {
            Recovered recovered = store.recovered();
            assertThat(recovered.queuedMessages()).isEqualTo(1);
            assertThat(recovered.sessions().get(0).entries().get(0).message().topic()).isEqualTo("home/live");
            assertThat(store.recovered().sessions()).as("handed over once").isEmpty();
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void anAcknowledgementWaitsForTheWriteAndRunsOnTheGivenExecutor() throws Exception {
        try (DiskStore store = DiskStore.open(settings().withSync(Persistence.Sync.ALWAYS), error -> { })) {
            long session = store.newSessionId();
            store.sessionOpened(session, "device", null, 60);
            CountDownLatch acknowledged = new CountDownLatch(1);
            List<Boolean> writtenWhenRun = new ArrayList<>();
            store.afterWritten(task -> new Thread(task, "connection-loop").start(), () -> {
                writtenWhenRun.add(store.caughtUp());
                acknowledged.countDown();
            });
            assertThat(acknowledged.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(writtenWhenRun).containsExactly(true);
        }
    }

    @Test
    void twoBrokersCannotShareOneStore() throws Exception {
        try (DiskStore first = DiskStore.open(settings(), error -> { })) {
            assertThatThrownBy(() -> DiskStore.open(settings(), error -> { }))
                    .hasMessageContaining("is in use by another broker")
                    .hasMessageContaining("persistence_location");
        }
        DiskStore.open(settings(), error -> { }).close();
    }
}
