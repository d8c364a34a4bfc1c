package dev.fountain.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecompilerTest {

    @TempDir
    Path temp;

    @Test
    void theCompileIsQuietOfflineAndUsesTheOuterBuildsSettingsRepositoryAndProfiles() {
        List<String> command = Recompiler.command("/maven/bin/mvn", new File("/home/me/settings.xml"),
                new File("/maven/conf/settings.xml"), new File("/tmp/repo"), List.of("dev", "!slow"),
                new File("/app/pom.xml"), List.of());

        assertThat(command).containsExactly("/maven/bin/mvn", "-B", "-q", "-o", "-s", "/home/me/settings.xml",
                "-gs", "/maven/conf/settings.xml", "-Dmaven.repo.local=/tmp/repo", "-P", "dev,!slow",
                "-f", "/app/pom.xml", "process-classes");
    }

    @Test
    void modulesOfTheSameReactorAreCompiledWithTheApplication() {
        List<String> command = Recompiler.command("mvn", null, null, null, List.of(), new File("/root/pom.xml"),
                List.of("dev.fountain:lib", "dev.fountain:app"));

        assertThat(command).containsExactly("mvn", "-B", "-q", "-o", "-f", "/root/pom.xml",
                "-pl", "dev.fountain:lib,dev.fountain:app", "process-classes");
    }

    @Test
    void theMavenRunningTheBuildCompilesAndOtherwiseTheOneOnThePath() {
        assertThat(Recompiler.mavenExecutable("/opt/maven")).isEqualTo(new File("/opt/maven/bin/mvn").getPath());
        assertThat(Recompiler.mavenExecutable(null)).isEqualTo("mvn");
    }

    @Test
    void theCompilersMessageIsKeptOnceAndMavensSummaryAdviceAndColourResetsAreNot() {
        String output = """
                \u001B[0m\u001B[0m[ERROR] COMPILATION ERROR :\s
                [ERROR] /app/src/main/java/garden/Ping.java:[11,31] ';' expected
                [ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.14.0:compile
                [ERROR] /app/src/main/java/garden/Ping.java:[11,31] ';' expected
                [ERROR] -> [Help 1]
                [ERROR]\s
                [ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
                [ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException
                """;

        assertThat(Recompiler.withoutHelp(output)).isEqualTo("""
                [ERROR] COMPILATION ERROR :\s
                [ERROR] /app/src/main/java/garden/Ping.java:[11,31] ';' expected""");
    }

    @Test
    void aSummarySayingMoreThanTheLinesAboveItIsKept() {
        String output = """
                [ERROR] COMPILATION ERROR :\s
                [ERROR] Ping.java:[11,31] ';' expected
                [ERROR] Failed to execute goal compile: Compilation failure
                [ERROR] Ping.java:[11,31] ';' expected
                [ERROR] Ping.java:[12,1] reached end of file while parsing
                [ERROR] -> [Help 1]
                """;

        assertThat(Recompiler.withoutHelp(output)).endsWith("reached end of file while parsing")
                .contains("Failed to execute goal");
    }

    @Test
    void aOneLineFailureKeepsItsMessage() {
        assertThat(Recompiler.withoutHelp("[ERROR] Failed to execute goal x: no pom -> [Help 1]\n[ERROR] more"))
                .isEqualTo("[ERROR] Failed to execute goal x: no pom");
    }

    @Test
    void aFailedCompileReportsWhatMavenSaid() throws IOException, InterruptedException {
        Path maven = script("echo '[ERROR] Garden.java:[3,1] class, interface, enum, or record expected'; exit 1");

        Recompiler.Result result = new Recompiler(List.of(maven.toString()), temp.toFile()).compile();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).isEqualTo("[ERROR] Garden.java:[3,1] class, interface, enum, or record expected");
    }

    @Test
    void aCompileThatExitsWithZeroSucceeded() throws IOException, InterruptedException {
        Path maven = script("exit 0");

        assertThat(new Recompiler(List.of(maven.toString()), temp.toFile()).compile().succeeded()).isTrue();
    }

    @Test
    void mavenStartsWithQuickStartOptionsThatTheDevelopersOwnFollow() throws IOException, InterruptedException {
        Path maven = script("echo \"$MAVEN_OPTS\"");

        String options = new Recompiler(List.of(maven.toString()), temp.toFile()).compile().output();

        assertThat(options).startsWith("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        String own = System.getenv("MAVEN_OPTS");
        if (own != null) {
            assertThat(options).endsWith(own.strip());
        }
    }

    private Path script(String body) throws IOException {
        Path script = temp.resolve("mvn");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
