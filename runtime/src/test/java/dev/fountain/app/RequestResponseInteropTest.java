package dev.fountain.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.Programs;
import dev.fountain.broker.testing.Programs.Result;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A handler answers Debian's mosquitto_rr (-V mqttv5) at the request's Response Topic. */
@Tag("interop")
class RequestResponseInteropTest {

    @Test
    void mosquittoRrGetsItsAnswerFromAHandler() throws Exception {
        RouteTable lights = () -> List.of(Route.subscribe(Object.class, "set", "lights/+/set", 1, null,
                (handler, message) -> message.wildcard(0) + " light " + message.payloadString())
                .publishing("lights/replies", 1, false));
        try (RunningApp app = Fountain.builder().broker(broker -> broker.port(0)).routeTables(lights).start()) {
            Result answer = Programs.run("mosquitto_rr", "-p", Integer.toString(app.port()), "-V", "mqttv5",
                    "-t", "lights/hall/set", "-e", "replies/rr", "-m", "on", "-W", "10");
            assertThat(answer.exitCode()).isZero();
            assertThat(answer.stdout()).isEqualTo("hall light on\n");
        }
    }
}
