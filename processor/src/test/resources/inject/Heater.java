package example;

class Heater {

    void heatTo(double celsius) {
    }
}
