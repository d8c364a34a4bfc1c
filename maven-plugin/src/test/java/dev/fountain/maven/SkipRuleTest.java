package dev.fountain.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.maven.model.Build;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class SkipRuleTest {

    @Test
    void aModuleThatDeclaresThePluginRuns() {
        MavenProject project = project("jar", plugin("dev.fountain", "mqtt-maven-plugin"));

        assertThat(SkipRule.reasonToSkip(project)).isEmpty();
    }

    @Test
    void aModuleWithoutThePluginIsSkippedAndToldWhy() {
        MavenProject project = project("jar", plugin("org.apache.maven.plugins", "maven-compiler-plugin"));

        assertThat(SkipRule.reasonToSkip(project))
                .contains("garden does not declare dev.fountain:mqtt-maven-plugin in build/plugins");
    }

    @Test
    void aModuleWithPackagingPomIsSkippedEvenIfItDeclaresThePlugin() {
        MavenProject project = project("pom", plugin("dev.fountain", "mqtt-maven-plugin"));

        assertThat(SkipRule.reasonToSkip(project)).contains("garden has packaging pom, so there is no application to run");
    }

    @Test
    void aModuleWithoutABuildSectionIsSkipped() {
        MavenProject project = new MavenProject();
        project.setArtifactId("garden");
        project.setPackaging("jar");

        assertThat(SkipRule.reasonToSkip(project)).isPresent();
    }

    private static MavenProject project(String packaging, Plugin plugin) {
        MavenProject project = new MavenProject();
        project.setArtifactId("garden");
        project.setPackaging(packaging);
        project.getModel().setBuild(new Build());
        project.getBuild().addPlugin(plugin);
        return project;
    }

    private static Plugin plugin(String groupId, String artifactId) {
        Plugin plugin = new Plugin();
        plugin.setGroupId(groupId);
        plugin.setArtifactId(artifactId);
        return plugin;
    }
}
