package dev.fountain.archfixture.a;

import dev.fountain.archfixture.b.Pong;

/** Half of a deliberate package cycle: the architecture rules must report it. */
public final class Ping {

    public Pong answer() {
        return new Pong();
    }
}
