package garden;

import dev.fountain.Publish;
import dev.fountain.Subscribe;

public class Ping {

    @Subscribe("garden/ping")
    @Publish("garden/pong")
    String ping(String payload) {
        return "v1 " + payload;
    }
}
