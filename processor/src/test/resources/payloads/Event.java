package example;

interface Event {
}
