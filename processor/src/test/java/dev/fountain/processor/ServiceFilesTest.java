package dev.fountain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fountain.processor.Compilations.compile;
import static dev.fountain.processor.Sources.file;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import com.google.testing.compile.Compilation;
import dev.fountain.Subscribe;
import dev.fountain.app.RouteTable;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code META-INF/services} files through which the runtime finds tables and modules. */
class ServiceFilesTest {

    private static final String ROUTE_TABLES = "META-INF/services/dev.fountain.app.RouteTable";
    private static final String MODULES = "META-INF/services/com.google.inject.Module";

    @Test
    void everyRouteTableAndAppModuleIsListedSortedByBinaryName() {
        Compilation compilation = compile(
                file("example.Zeta", "class Zeta {", "@Subscribe(\"z\") void z(String payload) {}"),
                file("example.Alpha", "class Alpha {", "@Subscribe(\"a\") void a(String payload) {}",
                        "static class Nested { @Subscribe(\"n\") void n(String payload) {} }"),
                file("example.Wiring", "@AppModule public class Wiring extends com.google.inject.AbstractModule {",
                        "@AppModule public static class Lights extends com.google.inject.AbstractModule {}"));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, ROUTE_TABLES).contentsAsUtf8String()
                .isEqualTo("example.Alpha_FountainRoutes\nexample.Alpha_Nested_FountainRoutes\n"
                        + "example.Zeta_FountainRoutes\n");
        assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, MODULES).contentsAsUtf8String()
                .isEqualTo("example.Wiring\nexample.Wiring$Lights\n");
    }

    @Test
    void aCompilationWithoutHandlersOrModulesWritesNoServiceFiles() {
        Compilation compilation = compile(file("example.Plain", "class Plain {"));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation.generatedFiles()).extracting(JavaFileObject::getName)
                .containsExactly("/CLASS_OUTPUT/example/Plain.class");
    }

    @Test
    void anIncrementalBuildKeepsTheEntriesOfEarlierBuildsAndHandWrittenOnes(@TempDir Path classes) throws IOException {
        Path routeTables = classes.resolve(ROUTE_TABLES);
        Files.createDirectories(routeTables.getParent());
        // Maven copies a hand-written service file from src/main/resources before javac runs.
        Files.writeString(routeTables, "# written by hand\nexample.Manual_Routes  # kept\n");

        compileInto(classes, file("example.Second", "class Second {", "@Subscribe(\"b\") void b(String payload) {}"));
        compileInto(classes, file("example.First", "class First {", "@Subscribe(\"a\") void a(String payload) {}"));
        compileInto(classes, file("example.Second", "class Second {", "@Subscribe(\"c\") void c(String payload) {}"));

        assertThat(Files.readString(routeTables)).isEqualTo(
                "example.First_FountainRoutes\nexample.Manual_Routes\nexample.Second_FountainRoutes\n");
    }

    /** Real javac into a real directory: compile-testing's in-memory output starts empty every time. */
    private static void compileInto(Path classes, JavaFileObject source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = Compilations.classPath(List.of(Subscribe.class, RouteTable.class, Module.class, Inject.class))
                .stream().map(File::getPath).collect(Collectors.joining(File.pathSeparator));
        JavaCompiler.CompilationTask task = javac.getTask(null, null, diagnostics,
                List.of("-d", classes.toString(), "-classpath", classPath + File.pathSeparator + classes), null,
                List.of(source));
        task.setProcessors(List.of(new RouteProcessor()));
        assertThat(task.call()).as("compiled without errors: %s", diagnostics.getDiagnostics()).isTrue();
    }
}
