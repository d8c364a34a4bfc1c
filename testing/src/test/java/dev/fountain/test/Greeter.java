package dev.fountain.test;

import dev.fountain.Publish;
import dev.fountain.Subscribe;
import dev.fountain.Wildcard;
import jakarta.inject.Inject;

/** A handler compiled by the annotation processor, as an application's would be. */
public final class Greeter {

    /** What the greeting says; tests replace it. */
    public interface Salutation {
        String word();
    }

    private final Salutation salutation;

    @Inject
    Greeter(Salutation salutation) {
        this.salutation = salutation;
    }

    @Subscribe("greet/+")
    @Publish("greetings")
    String greet(@Wildcard(0) String name, String punctuation) {
        return salutation.word() + ", " + name + punctuation;
    }
}
