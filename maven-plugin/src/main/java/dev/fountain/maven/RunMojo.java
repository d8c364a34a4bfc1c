package dev.fountain.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Runs the application with its embedded broker, and reloads it when its sources change: a saved
 * file is compiled by Maven and the new classes start on the same broker, so connected clients,
 * sessions and retained messages stay. Ctrl-C stops the application and frees its port. With
 * {@code -Dmqtt.url} the application is instead a client of that broker (client mode), and a reload
 * reconnects the handlers to their persistent sessions there, which kept what arrived meanwhile.
 *
 * <p>The application runs in the module's directory: relative paths in its configuration start
 * there. In a multi-module build only modules that declare this plugin in
 * {@code build/plugins} run, and only the running module's sources are watched.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public class RunMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /** The broker's port ({@code -p}). Without it: 1883 on loopback, or the listeners of {@link #configFile}. */
    @Parameter(property = "mqtt.port")
    private Integer port;

    /**
     * A broker to be a client of, such as {@code mqtt://localhost:1884}, rather than running the
     * embedded one: {@code fountain.broker.url} for this run.
     */
    @Parameter(property = "mqtt.url")
    private String url;

    /** A mosquitto.conf for the broker ({@code -c}). */
    @Parameter(property = "mqtt.config")
    private File configFile;

    /** Logs every packet the broker sends and receives ({@code -v}). */
    @Parameter(property = "mqtt.verbose", defaultValue = "false")
    private boolean verbose;

    /** Options for the application's JVM, separated by spaces, such as {@code -Xmx256m -Dkey=value}. */
    @Parameter(property = "mqtt.jvmArgs")
    private String jvmArgs;

    /** More arguments for the application, separated by spaces, after the broker's flags. */
    @Parameter(property = "mqtt.args")
    private String appArgs;

    /**
     * A main class of the application's own, run instead of Fountain's dev-mode launcher. Its JVM
     * restarts on every change, so the broker restarts with it.
     */
    @Parameter(property = "mqtt.mainClass")
    private String mainClass;

    /** Whether to compile and reload the application when its sources change. */
    @Parameter(property = "mqtt.watch", defaultValue = "true")
    private boolean watch;

    /** The {@code java} that runs the application; by default the one running Maven. */
    @Parameter(property = "mqtt.java", defaultValue = "${java.home}/bin/java")
    private File java;

    @Override
    public void execute() throws MojoExecutionException {
        Optional<String> skip = SkipRule.reasonToSkip(project);
        if (skip.isPresent()) {
            getLog().info("Skipping mqtt:run: " + skip.get() + ".");
            return;
        }
        List<String> args = new ArrayList<>(AppCommand.brokerFlags(port, configFile, verbose));
        List<String> jvm = new ArrayList<>(AppCommand.split(jvmArgs));
        if (System.console() != null) {
            // The application's standard input is a pipe, so it cannot tell a terminal from a CI log:
            // Maven's JVM can, and asks for a status line every 10 s only where a person watches.
            jvm.add("-Dfountain.status-line=true");
        }
        if (url != null && !url.isBlank()) {
            try {
                jvm.add(AppCommand.clientMode(url, args));
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException(e.getMessage(), e);
            }
        }
        args.addAll(AppCommand.split(appArgs));
        // A store the application turns on (persistence true, fountain.persistence=true) lives with
        // the build's output rather than in the project's root; mvn clean starts afresh.
        jvm.add(0, "-Dfountain.persistence.location="
                + Path.of(project.getBuild().getDirectory()).resolve("fountain-store"));
        List<String> classpath;
        try {
            classpath = project.getRuntimeClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("The runtime class path is not resolved: " + e.getMessage(), e);
        }
        AppCommand command = mainClass == null || mainClass.isBlank()
                ? AppCommand.devMode(java.toPath(), jvm, classpath,
                        Path.of(project.getBuild().getOutputDirectory()), args)
                : AppCommand.mainClass(java.toPath(), jvm, classpath, mainClass, args);
        getLog().debug("Application: " + String.join(" ", command.command()));
        Recompiler recompiler = watch ? Recompiler.forProject(session, project) : null;
        if (recompiler != null) {
            getLog().debug("Compile: " + String.join(" ", recompiler.command()));
        }
        List<Path> roots = watch ? SourceRoots.of(project) : List.of();
        new DevLoop(command, project.getBasedir(), roots, recompiler, watch ? inProcessCompile() : null, getLog(),
                System.out).run();
    }

    private JavaCompile inProcessCompile() {
        try {
            Optional<JavaCompile> javac = JavaCompile.create(JavaCompile.setupFor(project));
            if (javac.isEmpty()) {
                getLog().info("Compiling with Maven on each change: this JVM has no Java compiler (a JRE).");
            }
            return javac.orElse(null);
        } catch (UnsupportedOperationException | DependencyResolutionRequiredException e) {
            getLog().info("Compiling with Maven on each change: the in-process compile does not reproduce "
                    + e.getMessage() + ".");
            return null;
        }
    }
}
