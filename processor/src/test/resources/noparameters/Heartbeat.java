package example;

import dev.fountain.Subscribe;

public class Heartbeat {

    @Subscribe("heartbeat")
    public void beat() {
    }
}
