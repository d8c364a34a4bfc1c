package dev.fountain.archfixture.b;

import dev.fountain.archfixture.a.Ping;

/** The other half of a deliberate package cycle: the architecture rules must report it. */
public final class Pong {

    public Ping answer() {
        return new Ping();
    }
}
