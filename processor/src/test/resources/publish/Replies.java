package example;

import dev.fountain.Publish;
import dev.fountain.Subscribe;
import dev.fountain.Wildcard;

class Replies {

    @Subscribe("ping")
    @Publish("pong")
    String pong(String payload) {
        return payload;
    }

    @Subscribe(value = "lamps/+/set", qos = 1)
    @Publish(value = "lamps/state", qos = 1, retain = true)
    State set(@Wildcard(0) String lamp, Mode mode) {
        return new State(lamp, mode);
    }

    @Subscribe("counter/add")
    @Publish(value = "counter/total", qos = 2)
    long add(long amount) {
        return amount;
    }

    @Subscribe("echo")
    @Publish("echo/bytes")
    byte[] echo(byte[] payload) {
        return payload;
    }
}
