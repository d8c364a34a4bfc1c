package example;

import dev.fountain.Publish;
import dev.fountain.Subscribe;
import dev.fountain.Wildcard;

class Sites {

    @Subscribe(value = "site/${site.id}/+/temperature", group = "${site.id}-workers")
    @Publish("site/${site.id}/alerts")
    String temperature(@Wildcard(0) String room, double celsius) {
        return null;
    }
}
