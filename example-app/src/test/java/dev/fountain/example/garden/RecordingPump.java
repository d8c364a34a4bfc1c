package dev.fountain.example.garden;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the handlers asked the pump to do, instead of moving water. */
final class RecordingPump implements Pump {

    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void set(int fountain, Switch state) {
        calls.add(fountain + " " + state);
    }
}
