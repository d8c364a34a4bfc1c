package dev.fountain.example.garden;

/** What a fountain command says; payloads "on"/"off" in any case convert to it. */
public enum Switch {
    ON, OFF
}
