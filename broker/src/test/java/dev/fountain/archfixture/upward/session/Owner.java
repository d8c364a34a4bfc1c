package dev.fountain.archfixture.upward.session;

/** A class of a session layer, which the routing layer below must not use. */
public final class Owner {
}
