package dev.fountain.app.client;

import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import dev.fountain.app.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * One instance of a worker application in a JVM of its own, for {@link KilledInstanceTest}:
 * {@code WorkerMain <port> <instance> <file>} handles {@code jobs/+} in the group "workers" and
 * appends each job's number to {@code file} before its handler returns, so what was handled
 * survives a SIGKILL (the kernel keeps what was written).
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    /** The handler class Guice creates; the handler itself is the lambda below. */
    static final class Jobs {
    }

    public static void main(String[] args) throws IOException {
        FileChannel handled = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        RouteTable table = () -> List.of(Route.subscribe(Jobs.class, "job", "jobs/+", 1, null,
                (handler, message) -> {
                    record(handled, message.payloadString());
                    return null;
                }));
        RunningApp app;
        try {
            app = ClientApps.start(Integer.parseInt(args[0]), "worker", table,
                    Map.of("fountain.client-id", "worker-" + args[1], "fountain.group", "workers"));
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
            return;
        }
        System.out.println("started");
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the test closes our standard input, or kills us
        }
        app.close();
    }

    private static void record(FileChannel file, String job) {
        try {
            synchronized (file) {
                file.write(ByteBuffer.wrap((job + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
