package dev.fountain.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Compiles the application's Java sources inside Maven's own JVM with the JDK's compiler, annotation
 * processor included, which takes a few hundred milliseconds once warm where starting Maven again
 * takes seconds. All sources of the module are compiled each time, not only the changed ones: the
 * processor writes one routing table for every handler it sees, and a partial compile would give
 * one that knows only the changed classes. Classes go to a fresh directory first and are copied over
 * {@code target/classes} only when the compile succeeded, so a compile error changes nothing.
 *
 * <p>It reproduces only what the compile of a plain application needs (release or source/target,
 * encoding, {@code -parameters}, compiler arguments, the processor found on the class path);
 * anything else, and changes that are not Java sources, go through Maven ({@link Recompiler}).
 */
final class JavaCompile {

    /** How javac was asked to compile, and where the results go. */
    record Setup(List<Path> sourceRoots, Path classes, Path generatedSources, Path work, List<String> classpath,
            List<String> options, Charset encoding) {
    }

    private final Setup setup;
    private final JavaCompiler compiler;
    private final StandardJavaFileManager files;
    private int compiles;

    private JavaCompile(Setup setup, JavaCompiler compiler) {
        this.setup = setup;
        this.compiler = compiler;
        // Kept between compiles: its open jars and caches are most of what makes the second compile fast.
        this.files = compiler.getStandardFileManager(null, Locale.ROOT, setup.encoding());
    }

    /**
     * The compile Maven's compiler plugin would run for {@code project}, or why it cannot be
     * reproduced here (the dev loop then compiles with Maven, as before).
     */
    static Setup setupFor(MavenProject project) throws DependencyResolutionRequiredException {
        Path base = project.getBasedir().toPath();
        Path build = base.resolve(project.getBuild().getDirectory()).normalize();
        Path classes = base.resolve(project.getBuild().getOutputDirectory()).normalize();
        Xpp3Dom config = compilerConfiguration(project);
        for (String unsupported : List.of("annotationProcessorPaths", "annotationProcessors", "compilerId",
                "compilerArgument", "generatedSourcesDirectory")) {
            if (config.getChild(unsupported) != null) {
                throw new UnsupportedOperationException("the compiler plugin's " + unsupported);
            }
        }
        List<String> options = new ArrayList<>(List.of("-g", "-nowarn"));
        Optional<String> release = value(config, "release", project, "maven.compiler.release");
        if (release.isPresent()) {
            options.addAll(List.of("--release", release.get()));
        } else {
            value(config, "source", project, "maven.compiler.source").ifPresent(v -> options.addAll(List.of("-source", v)));
            value(config, "target", project, "maven.compiler.target").ifPresent(v -> options.addAll(List.of("-target", v)));
        }
        if (value(config, "parameters", project, "maven.compiler.parameters").filter("true"::equals).isPresent()) {
            options.add("-parameters");
        }
        if (value(config, "proc", project, "maven.compiler.proc").filter("none"::equals).isPresent()) {
            options.add("-proc:none");
        }
        Xpp3Dom args = config.getChild("compilerArgs");
        if (args != null) {
            for (Xpp3Dom arg : args.getChildren()) {
                options.add(arg.getValue().strip());
            }
        }
        Charset encoding = value(config, "encoding", project, "project.build.sourceEncoding").map(Charset::forName)
                .orElse(Charset.defaultCharset());
        options.addAll(List.of("-encoding", encoding.name()));
        List<Path> roots = project.getCompileSourceRoots().stream().map(root -> base.resolve(root).normalize())
                .filter(root -> !root.startsWith(build)).toList();
        List<String> classpath = project.getCompileClasspathElements().stream()
                .filter(element -> !Path.of(element).toAbsolutePath().normalize().equals(classes)).toList();
        return new Setup(roots, classes, build.resolve("generated-sources/annotations"), build.resolve("fountain-dev"),
                classpath, options, encoding);
    }

    /** The plugin's configuration with its default-compile execution's over it. */
    private static Xpp3Dom compilerConfiguration(MavenProject project) {
        Plugin plugin = project.getPlugin("org.apache.maven.plugins:maven-compiler-plugin");
        Xpp3Dom config = new Xpp3Dom("configuration");
        if (plugin == null) {
            return config;
        }
        if (plugin.getConfiguration() instanceof Xpp3Dom pluginLevel) {
            config = Xpp3Dom.mergeXpp3Dom(new Xpp3Dom(pluginLevel), config);
        }
        PluginExecution compile = plugin.getExecutionsAsMap().get("default-compile");
        if (compile != null && compile.getConfiguration() instanceof Xpp3Dom executionLevel) {
            config = Xpp3Dom.mergeXpp3Dom(new Xpp3Dom(executionLevel), config);
        }
        return config;
    }

    /** A setting from the plugin's configuration, else from the property its parameter reads. */
    private static Optional<String> value(Xpp3Dom config, String name, MavenProject project, String property) {
        Xpp3Dom child = config.getChild(name);
        String value = child != null ? child.getValue() : project.getProperties().getProperty(property);
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty() && !v.contains("${"));
    }

    /** Empty when this JVM has no compiler (a JRE runs Maven). */
    static Optional<JavaCompile> create(Setup setup) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        return compiler == null ? Optional.empty() : Optional.of(new JavaCompile(setup, compiler));
    }

    /** Whether every change is a Java source that still exists under a source root. */
    boolean handles(SourceWatcher.Changes changes) {
        return changes.files().stream().allMatch(file -> file.toString().endsWith(".java") && Files.isRegularFile(file)
                && setup.sourceRoots().stream().anyMatch(file::startsWith));
    }

    Recompiler.Result compile() throws IOException {
        long start = System.nanoTime();
        Path output = setup.work().resolve("compile-" + ++compiles);
        Path classes = output.resolve("classes");
        Path generated = output.resolve("generated-sources");
        Files.createDirectories(classes);
        Files.createDirectories(generated);
        try {
            List<String> options = new ArrayList<>(setup.options());
            options.addAll(List.of("-d", classes.toString(), "-s", generated.toString(),
                    "-classpath", String.join(File.pathSeparator, setup.classpath()),
                    // Naming the processor path turns annotation processing on whatever the JDK's default
                    // (JDK 23 stopped running processors found on the class path unless told to).
                    "--processor-path", String.join(File.pathSeparator, setup.classpath())));
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            Iterable<? extends JavaFileObject> sources = files.getJavaFileObjectsFromPaths(sources());
            boolean succeeded = compiler.getTask(Writer.nullWriter(), files, diagnostics, options, null, sources)
                    .call();
            if (succeeded) {
                copyTree(classes, setup.classes());
                copyTree(generated, setup.generatedSources());
            }
            return new Recompiler.Result(succeeded, errors(diagnostics), (System.nanoTime() - start) / 1_000_000);
        } finally {
            deleteTree(output);
        }
    }

    private List<Path> sources() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Path root : setup.sourceRoots()) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> paths = Files.walk(root)) {
                    paths.filter(path -> path.toString().endsWith(".java") && Files.isRegularFile(path))
                            .forEach(sources::add);
                }
            }
        }
        return sources;
    }

    /** Each error once, as Maven's compiler plugin prints it, so the dev loop reads the same either way. */
    private static String errors(DiagnosticCollector<JavaFileObject> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            out.append("[ERROR] ");
            if (diagnostic.getSource() != null) {
                out.append(Path.of(diagnostic.getSource().toUri())).append(":[").append(diagnostic.getLineNumber())
                        .append(',').append(diagnostic.getColumnNumber()).append("] ");
            }
            out.append(diagnostic.getMessage(Locale.ROOT)).append('\n');
        }
        return out.toString().strip();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
