package example;

import dev.fountain.ContentType;
import dev.fountain.CorrelationData;
import dev.fountain.Publish;
import dev.fountain.ResponseTopic;
import dev.fountain.Subscribe;
import dev.fountain.UserProperty;

class Requests {

    @Subscribe(value = "lights/+/set", qos = 1)
    @Publish("lights/replies")
    String set(@UserProperty("origin") String origin, @ContentType String contentType,
            @ResponseTopic String responseTopic, @CorrelationData byte[] correlation, String payload) {
        return "done";
    }
}
