package dev.fountain.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppCommandTest {

    private static final Path JAVA = Path.of("/jdk/bin/java");
    private static final Path CLASSES = Path.of("/app/target/classes");
    private static final List<String> CLASSPATH = List.of("/app/target/classes", "/repo/fountain-runtime.jar",
            "/repo/netty.jar");

    @Test
    void devModeLoadsTheClassesDirectoryItselfSoItIsNotOnTheClassPath() {
        AppCommand command = AppCommand.devMode(JAVA, List.of("-Xmx64m"), CLASSPATH, CLASSES, List.of("-p", "1884"));

        assertThat(command.command()).containsExactly("/jdk/bin/java", "-Xmx64m", "-cp",
                "/repo/fountain-runtime.jar" + File.pathSeparator + "/repo/netty.jar", "dev.fountain.app.DevMode",
                "/app/target/classes", "-p", "1884");
        assertThat(command.reloadsInPlace()).isTrue();
    }

    @Test
    void theClassesDirectoryIsRecognisedWhateverTheSpelling() {
        AppCommand command = AppCommand.devMode(JAVA, List.of(), List.of("/app/./target/classes/", "/repo/a.jar"),
                CLASSES, List.of());

        assertThat(command.command()).contains("/repo/a.jar").doesNotContain("/app/./target/classes/");
    }

    @Test
    void aMainClassOfTheApplicationsOwnRunsWithEverythingOnTheClassPathAndRestarts() {
        AppCommand command = AppCommand.mainClass(JAVA, List.of(), CLASSPATH, "app.Main", List.of("-v", "extra"));

        assertThat(command.command()).containsExactly("/jdk/bin/java", "-cp", String.join(File.pathSeparator, CLASSPATH),
                "app.Main", "-v", "extra");
        assertThat(command.reloadsInPlace()).isFalse();
    }

    @Test
    void brokerFlagsAreMosquittos() {
        assertThat(AppCommand.brokerFlags(1884, new File("/etc/mosquitto.conf"), true))
                .containsExactly("-c", "/etc/mosquitto.conf", "-p", "1884", "-v");
        assertThat(AppCommand.brokerFlags(null, null, false)).isEmpty();
    }

    @Test
    void aBrokerUrlBecomesTheApplicationsSettingAndRulesOutBrokerFlags() {
        assertThat(AppCommand.clientMode(" mqtt://localhost:1884 ", List.of()))
                .isEqualTo("-Dfountain.broker.url=mqtt://localhost:1884");
        assertThatThrownBy(() -> AppCommand.clientMode("mqtt://localhost:1884", List.of("-p", "1885")))
                .hasMessageContaining("no embedded broker runs").hasMessageEndingWith("drop -p 1885 or mqtt.url");
    }

    @Test
    void argumentStringsAreSplitOnWhitespace() {
        assertThat(AppCommand.split("  -Xmx256m \t -Dkey=value\n")).containsExactly("-Xmx256m", "-Dkey=value");
        assertThat(AppCommand.split(null)).isEmpty();
        assertThat(AppCommand.split("   ")).isEmpty();
    }
}
