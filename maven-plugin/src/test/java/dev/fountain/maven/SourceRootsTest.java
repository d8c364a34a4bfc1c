package dev.fountain.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.model.Build;
import org.apache.maven.model.Resource;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceRootsTest {

    @TempDir
    Path base;

    @Test
    void sourcesAndResourcesAreWatchedButNotWhatTheBuildGenerates() throws IOException {
        for (String dir : new String[] {"src/main/java", "src/main/resources", "src/main/proto", "target/generated-sources/annotations"}) {
            Files.createDirectories(base.resolve(dir));
        }
        MavenProject project = new MavenProject();
        project.setFile(base.resolve("pom.xml").toFile());
        project.getModel().setBuild(new Build());
        project.getBuild().setDirectory(base.resolve("target").toString());
        project.addCompileSourceRoot(base.resolve("src/main/java").toString());
        project.addCompileSourceRoot("src/main/proto");
        project.addCompileSourceRoot(base.resolve("target/generated-sources/annotations").toString());
        Resource resources = new Resource();
        resources.setDirectory("src/main/resources");
        project.getBuild().addResource(resources);
        Resource missing = new Resource();
        missing.setDirectory("src/main/config");
        project.getBuild().addResource(missing);

        assertThat(SourceRoots.of(project)).containsExactly(base.resolve("src/main/java"),
                base.resolve("src/main/resources"), base.resolve("src/main/proto"));
    }
}
