package dev.fountain.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev loop's in-process compile, with Fountain's annotation processor from the class path as
 * an application's build has it.
 */
class JavaCompileTest {

    private static final String HANDLER = """
            package garden;

            import dev.fountain.Publish;
            import dev.fountain.Subscribe;

            public class Ping {
                @Subscribe("garden/ping")
                @Publish("garden/pong")
                String ping(String payload) {
                    return "v1 " + payload;
                }
            }
            """;

    @TempDir
    Path project;

    private Path sources;
    private Path classes;
    private JavaCompile javac;

    @BeforeEach
    void setUp() throws IOException {
        sources = Files.createDirectories(project.resolve("src/main/java"));
        classes = Files.createDirectories(project.resolve("target/classes"));
        List<String> classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        javac = JavaCompile.create(new JavaCompile.Setup(List.of(sources), classes,
                project.resolve("target/generated-sources/annotations"), project.resolve("target/fountain-dev"),
                classpath, List.of("--release", "17", "-encoding", "UTF-8"), StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void theHandlersAndTheRoutingTableTheProcessorWritesLandInTheClassesDirectory() throws IOException {
        write("garden/Ping.java", HANDLER);

        Recompiler.Result result = javac.compile();

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(classes.resolve("garden/Ping.class")).isRegularFile();
        assertThat(classes.resolve("META-INF/services/dev.fountain.app.RouteTable")).isRegularFile();
        assertThat(project.resolve("target/fountain-dev")).isEmptyDirectory();
    }

    @Test
    void aCompileErrorIsReportedOnceAndLeavesTheClassesAsTheyWere() throws IOException {
        Path source = write("garden/Ping.java", HANDLER);
        assertThat(javac.compile().succeeded()).isTrue();
        byte[] before = Files.readAllBytes(classes.resolve("garden/Ping.class"));
        Files.writeString(source, HANDLER.replace("\"v1 \" + payload;", "\"v2 \" + payload"));

        Recompiler.Result result = javac.compile();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).isEqualTo("[ERROR] " + source + ":[10,31] ';' expected");
        assertThat(classes.resolve("garden/Ping.class")).hasBinaryContent(before);
    }

    @Test
    void anErrorOfTheProcessorIsACompileError() throws IOException {
        write("garden/Ping.java", HANDLER.replace("garden/ping", "garden/#/ping"));

        Recompiler.Result result = javac.compile();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).startsWith("[ERROR] " + sources.resolve("garden/Ping.java")).contains("#");
    }

    @Test
    void onlyExistingJavaSourcesUnderASourceRootAreCompiledHere() throws IOException {
        Path source = write("garden/Ping.java", HANDLER);
        Path resource = Files.writeString(project.resolve("fountain.properties"), "a=b");

        assertThat(javac.handles(changes(source))).isTrue();
        assertThat(javac.handles(changes(source, resource))).isFalse();
        assertThat(javac.handles(changes(sources.resolve("garden/Gone.java")))).isFalse();
    }

    private Path write(String relative, String text) throws IOException {
        Path file = sources.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static SourceWatcher.Changes changes(Path... files) {
        return new SourceWatcher.Changes(Set.of(files), System.nanoTime());
    }
}
