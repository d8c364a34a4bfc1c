package dev.fountain.archfixture.upward.routing;

import dev.fountain.archfixture.upward.session.Owner;

/** A routing layer class that reaches up into the session layer: the layer rule must report it. */
public final class Index {

    private Owner owner;

    public Owner owner() {
        return owner;
    }
}
