package dev.fountain.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Packages the application into one runnable jar, {@code target/<finalName>-app.jar}, holding its
 * classes and every runtime dependency: {@code java -jar target/x-app.jar [-c FILE] [-p PORT] [-v]}
 * runs the handlers and the broker. The jar is attached to the project with its classifier, so
 * {@code install} and {@code deploy} publish it.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE,
        requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class PackageMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Component
    private MavenProjectHelper projectHelper;

    /** The runnable jar's classifier: it is written to {@code target/<finalName>-<classifier>.jar}. */
    @Parameter(property = "mqtt.classifier", defaultValue = "app")
    private String classifier;

    /**
     * The jar's Main-Class. The default runs every handler on the class path with the broker, and
     * takes Mosquitto's flags.
     */
    @Parameter(property = "mqtt.mainClass", defaultValue = "dev.fountain.app.Fountain")
    private String mainClass;

    /** The time every entry carries, for a reproducible jar; as maven-jar-plugin, seconds or ISO 8601. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    @Override
    public void execute() throws MojoExecutionException {
        if ("pom".equals(project.getPackaging())) {
            getLog().info("Skipping mqtt:package: " + project.getArtifactId() + " has packaging pom.");
            return;
        }
        Path target = Path.of(project.getBuild().getDirectory(),
                project.getBuild().getFinalName() + "-" + classifier + ".jar");
        long start = System.nanoTime();
        FatJar.Summary summary;
        try {
            Instant timestamp = OutputTimestamp.parse(outputTimestamp).orElse(null);
            summary = FatJar.write(target, mainClass, timestamp, sources());
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + target + ": " + e.getMessage(), e);
        }
        if (!summary.duplicates().isEmpty()) {
            getLog().debug(summary.duplicates().size() + " entries were in more than one jar; the first of each"
                    + " was kept: " + String.join(", ", summary.duplicates()));
        }
        getLog().info("Wrote " + target + ": " + summary.entries() + " entries, " + summary.serviceFiles()
                + " service files merged, in " + (System.nanoTime() - start) / 1_000_000 + " ms.");
        projectHelper.attachArtifact(project, "jar", classifier, target.toFile());
    }

    /** The classes directory first, then every runtime dependency in class-path order. */
    private List<Path> sources() throws MojoExecutionException {
        Set<Path> sources = new LinkedHashSet<>();
        sources.add(Path.of(project.getBuild().getOutputDirectory()));
        try {
            for (String element : project.getRuntimeClasspathElements()) {
                sources.add(new File(element).toPath());
            }
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("The runtime class path is not resolved: " + e.getMessage(), e);
        }
        return List.copyOf(sources);
    }
}
