package dev.fountain.app.client;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs HiveMQ CE until its standard input closes: {@code HiveMqCeMain <home> <port>}. Started by
 * {@link HiveMqCe} in a JVM of its own, since HiveMQ CE needs Guice 5.
 */
public final class HiveMqCeMain {

    private HiveMqCeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path config = Files.createDirectories(home.resolve("conf"));
        Files.writeString(config.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%s</port>
                      <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>
                  </listeners>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(args[1]));
        try (EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(config)
                .withDataFolder(Files.createDirectories(home.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                .withoutLoggingBootstrap().build()) {
            hivemq.start().join();
            System.out.println("HiveMQ CE started");
            while (System.in.read() >= 0) {
                // runs until the test closes our standard input or ends
            }
        }
    }
}
