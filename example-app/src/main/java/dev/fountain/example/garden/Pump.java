package dev.fountain.example.garden;

/** The hardware behind a fountain: the one thing tests replace. */
public interface Pump {

    void set(int fountain, Switch state);
}
