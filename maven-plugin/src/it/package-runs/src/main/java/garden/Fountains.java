package garden;

import dev.fountain.Publish;
import dev.fountain.Subscribe;
import dev.fountain.Wildcard;

public class Fountains {

    @Subscribe("home/garden/fountain/+")
    @Publish("home/garden/status")
    String command(@Wildcard(0) String fountain, String command) {
        return "fountain " + fountain + " is " + command;
    }
}
