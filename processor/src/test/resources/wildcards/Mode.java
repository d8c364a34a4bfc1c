package example;

enum Mode {
    ON, OFF
}
