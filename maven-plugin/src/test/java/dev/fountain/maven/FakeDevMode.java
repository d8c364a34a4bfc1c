package dev.fountain.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

/** Speaks DevMode's side of the conversation, for {@link AppProcessTest}: started, reloaded, ends at EOF. */
public final class FakeDevMode {

    private FakeDevMode() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("fail")) {
            System.err.println("FakeDevMode: exits with status 1 as a launcher whose broker cannot start does");
            System.exit(1);
        }
        System.out.println("a line of the application's own");
        System.out.println("Fountain dev mode: application started (version 1) in 5 ms; broker on port 1883.");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int version = 1;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("reload")) {
                System.out.println("Fountain dev mode: reloaded (version " + ++version + ") in 3 ms.");
            }
        }
    }
}
