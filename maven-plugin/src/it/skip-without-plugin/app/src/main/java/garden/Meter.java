package garden;

import dev.fountain.Publish;
import dev.fountain.Subscribe;
import garden.lib.Litres;

public class Meter {

    @Subscribe("garden/meter")
    @Publish("garden/meter/litres")
    String meter(String payload) {
        return Litres.of(payload);
    }
}
