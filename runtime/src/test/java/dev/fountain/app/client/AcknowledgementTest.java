package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import dev.fountain.app.RunningApp;
import dev.fountain.broker.Broker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acknowledgement goes out after the handler returned (fountain.ack=after-handler), so a
 * message whose handler did not finish before the application stopped comes again to the next
 * start with the same client id; with fountain.ack=on-receipt it does not.
 */
class AcknowledgementTest {

    private static final List<String> HANDLED = new CopyOnWriteArrayList<>();
    private static volatile CountDownLatch release = new CountDownLatch(0);
    private static volatile CountDownLatch started = new CountDownLatch(0);

    private Broker broker;
    private RunningApp app;

    static RouteTable orders() {
        return () -> List.of(Route.subscribe(AcknowledgementTest.class, "order", "orders/+", 1, null,
                (handler, message) -> {
                    if (message.payloadString().equals("slow")) {
                        started.countDown();
                        // Outlives the application's five-second stop on purpose: the handler is still
                        // running when the connection closes, as in a crash.
                        release.await(20, TimeUnit.SECONDS);
                    }
                    HANDLED.add(message.payloadString());
                    return null;
                }));
    }

    @BeforeEach
    void startBroker() throws Exception {
        broker = Broker.builder().port(0).build().start();
        HANDLED.clear();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (app != null) {
            app.close();
        }
        broker.close();
    }

    private List<String> handledAfterRestart(String ack) throws Exception {
        release = new CountDownLatch(1);
        started = new CountDownLatch(1);
        Map<String, String> settings = Map.of("fountain.ack", ack);
        app = ClientApps.start(broker.port(), "orders-" + ack, orders(), settings);
        try (Device device = new Device(broker.port())) {
            device.publish("orders/1", "slow");
            assertThat(started.await(10, TimeUnit.SECONDS)).as("the handler got the message").isTrue();
            app.close();
            app = null;
            release.countDown();
            await().until(() -> HANDLED.contains("slow"));
            HANDLED.clear();

            app = ClientApps.start(broker.port(), "orders-" + ack, orders(), settings);
            device.publish("orders/1", "sentinel");
            await().atMost(Duration.ofSeconds(20)).until(() -> HANDLED.contains("sentinel"));
        }
        return List.copyOf(HANDLED);
    }

    @Test
    void aMessageWhoseHandlerDidNotFinishComesAgainAfterARestart() throws Exception {
        assertThat(handledAfterRestart("after-handler")).containsExactly("slow", "sentinel");
    }

    @Test
    void onReceiptAMessageIsAcknowledgedBeforeItsHandlerRuns() throws Exception {
        assertThat(handledAfterRestart("on-receipt")).containsExactly("sentinel");
    }
}
