package example;

import dev.fountain.Publish;
import dev.fountain.Subscribe;
import dev.fountain.Topic;
import dev.fountain.Wildcard;

public class Fountains {

    @Subscribe("home/garden/fountain/+")
    void command(@Wildcard(0) int fountain, String command) {
    }

    @Subscribe(value = "home/+/temperature", qos = 1)
    @Publish("home/alerts")
    Alert temperature(@Topic String topic, Reading reading) {
        return null;
    }
}
