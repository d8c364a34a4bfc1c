package dev.fountain.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.model.Resource;
import org.apache.maven.project.MavenProject;

/** The directories whose changes make {@code mqtt:run} compile and reload. */
final class SourceRoots {

    private SourceRoots() {
    }

    /**
     * {@code src/main/java}, {@code src/main/resources}, and every other compile source root and
     * resource directory of the project that exists, except those inside the build directory: the
     * annotation processor's output is a source root once the compiler has run, and watching it would
     * make every compile trigger the next one.
     */
    static List<Path> of(MavenProject project) {
        Path base = project.getBasedir().toPath();
        Path build = absolute(base, project.getBuild().getDirectory());
        Set<Path> roots = new LinkedHashSet<>();
        roots.add(base.resolve("src/main/java").normalize());
        roots.add(base.resolve("src/main/resources").normalize());
        project.getCompileSourceRoots().forEach(root -> roots.add(absolute(base, root)));
        for (Resource resource : project.getResources()) {
            roots.add(absolute(base, resource.getDirectory()));
        }
        List<Path> existing = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root) && !root.startsWith(build)) {
                existing.add(root);
            }
        }
        return existing;
    }

    private static Path absolute(Path base, String path) {
        return base.resolve(path).toAbsolutePath().normalize();
    }
}
