package example;

import dev.fountain.Duplicate;
import dev.fountain.Qos;
import dev.fountain.Retained;
import dev.fountain.Subscribe;
import dev.fountain.Topic;

class Metadata {

    @Subscribe(value = "sensors/#", qos = 2)
    void primitives(@Topic String topic, @Qos int qos, @Retained boolean retained, @Duplicate boolean duplicate,
            byte[] payload) {
    }

    @Subscribe("boxed/#")
    void boxes(@Qos Integer qos, @Retained Boolean retained, @Duplicate Boolean duplicate) {
    }
}
