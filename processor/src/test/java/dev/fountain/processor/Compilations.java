package dev.fountain.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles test sources with the processor. */
final class Compilations {

    private Compilations() {
    }

    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new RouteProcessor()).compile(sources);
    }

    /**
     * Compiles against only the jars (or class directories) that hold {@code onClassPath}: how a test
     * leaves Jackson or Guice out of the application being compiled.
     */
    static Compilation compileAgainst(List<Class<?>> onClassPath, JavaFileObject... sources) {
        return javac().withProcessors(new RouteProcessor()).withClasspath(classPath(onClassPath)).compile(sources);
    }

    /** The jars or class directories that hold {@code classes}. */
    static List<File> classPath(List<Class<?>> classes) {
        return classes.stream().map(Compilations::location).distinct().toList();
    }

    static JavaFileObject resource(String path) {
        return JavaFileObjects.forResource(path);
    }

    static JavaFileObject[] resources(String scenario, String... files) {
        return Arrays.stream(files).map(file -> resource(scenario + "/" + file)).toArray(JavaFileObject[]::new);
    }

    static String text(String resource) {
        try (InputStream in = Compilations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static File location(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
