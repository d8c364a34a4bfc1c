package dev.fountain.maven;

import java.util.Optional;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;

/**
 * Which modules {@code mqtt:run} runs in. {@code mvn mqtt:run} at the root of a multi-module build
 * reaches every module; only those whose pom declares the plugin in {@code build/plugins} are
 * applications (Quarkus's rule), and running the others would start empty brokers or block the
 * reactor before it reaches the application.
 */
final class SkipRule {

    static final String GROUP_ID = "dev.fountain";
    static final String ARTIFACT_ID = "mqtt-maven-plugin";

    private SkipRule() {
    }

    /** Why {@code project} is not an application to run, or empty if it is one. */
    static Optional<String> reasonToSkip(MavenProject project) {
        if ("pom".equals(project.getPackaging())) {
            return Optional.of(project.getArtifactId() + " has packaging pom, so there is no application to run");
        }
        boolean declared = project.getBuildPlugins().stream().anyMatch(SkipRule::isThisPlugin);
        if (!declared) {
            return Optional.of(project.getArtifactId() + " does not declare " + GROUP_ID + ":" + ARTIFACT_ID
                    + " in build/plugins");
        }
        return Optional.empty();
    }

    private static boolean isThisPlugin(Plugin plugin) {
        return GROUP_ID.equals(plugin.getGroupId()) && ARTIFACT_ID.equals(plugin.getArtifactId());
    }
}
