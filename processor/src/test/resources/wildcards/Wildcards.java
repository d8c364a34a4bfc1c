package example;

import dev.fountain.Subscribe;
import dev.fountain.Wildcard;

class Wildcards {

    @Subscribe("text/+")
    void text(@Wildcard(0) String level) {
    }

    @Subscribe("int/+/+")
    void ints(@Wildcard(0) int primitive, @Wildcard(1) Integer boxed) {
    }

    @Subscribe("long/+/+")
    void longs(@Wildcard(0) long primitive, @Wildcard(1) Long boxed) {
    }

    @Subscribe("double/+/+")
    void doubles(@Wildcard(0) double primitive, @Wildcard(1) Double boxed) {
    }

    @Subscribe("boolean/+/+")
    void booleans(@Wildcard(0) boolean primitive, @Wildcard(1) Boolean boxed) {
    }

    @Subscribe("enum/+")
    void mode(@Wildcard(0) Mode mode) {
    }

    @Subscribe("+/devices/#")
    void rest(@Wildcard(1) String rest, @Wildcard(0) String site, String payload) {
    }
}
