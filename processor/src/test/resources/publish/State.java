package example;

record State(String lamp, Mode mode) {
}
