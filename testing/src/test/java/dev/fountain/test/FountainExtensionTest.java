package dev.fountain.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.app.RunningApp;
import dev.fountain.broker.Broker;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FountainExtensionTest {

    @Nested
    class WithTheApplicationsOwnBindings {

        @RegisterExtension
        final FountainExtension app = FountainExtension.create();

        @Test
        void aHandlerAnswersAPublishedMessage(TestClient client) throws Exception {
            Messages greetings = client.subscribe("greetings");
            client.publish("greet/world", "!");
            assertThat(greetings.next().text()).isEqualTo("Hello, world!");
        }

        @Test
        void theBrokerListensOnAFreeLoopbackPort(Broker broker, RunningApp running) {
            assertThat(broker.port()).isPositive().isNotEqualTo(1883);
            assertThat(running.port()).isEqualTo(broker.port());
        }

        @Test
        void nothingArrivesWhereNothingWasPublished(TestClient client) throws Exception {
            client.subscribe("greetings").expectNone(Duration.ofMillis(100));
        }
    }

    @Nested
    class WithABindingReplaced {

        @RegisterExtension
        final FountainExtension app = FountainExtension.create()
                .override(binder -> binder.bind(Greeter.Salutation.class).toInstance(() -> "Ahoy"));

        @Test
        void theTestsBindingWins(TestClient client) throws Exception {
            Messages greetings = client.subscribe("greetings");
            client.publish("greet/sailor", ".");
            assertThat(greetings.next().text()).isEqualTo("Ahoy, sailor.");
        }
    }

    @Nested
    class InClientMode {

        /** The external broker: Fountain's own, started here and reached only over TCP. */
        static final Broker EXTERNAL = external();

        @RegisterExtension
        final FountainExtension app = FountainExtension.create().brokerUrl("mqtt://127.0.0.1:" + EXTERNAL.port())
                .property("fountain.client-id", "extension-test");

        private static Broker external() {
            try {
                return Broker.builder().port(0).build().start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @AfterAll
        static void stopExternal() {
            EXTERNAL.close();
        }

        @Test
        void aHandlerAnswersThroughTheExternalBroker(TestClient client, RunningApp running) throws Exception {
            assertThat(running.embeddedBroker()).isEmpty();
            Messages greetings = client.subscribe("greetings");
            client.publish("greet/world", "!");
            assertThat(greetings.next().text()).isEqualTo("Hello, world!");
        }
    }
}
