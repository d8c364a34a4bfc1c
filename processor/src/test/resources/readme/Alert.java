package example;

public record Alert(String text) {
}
