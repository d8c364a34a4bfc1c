package garden.lib;

public final class Litres {

    private Litres() {
    }

    public static String of(String payload) {
        return payload + " l";
    }
}
