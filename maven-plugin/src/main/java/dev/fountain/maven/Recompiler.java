package dev.fountain.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;

/**
 * Compiles the application again by running Maven itself up to {@code process-classes}, quietly
 * and offline: the same plugins, annotation processor and configuration as the build the developer
 * started, so what reloads is what {@code mvn package} would build.
 */
final class Recompiler {

    /** What a compile said, and how long it took. */
    record Result(boolean succeeded, String output, long millis) {
    }

    /**
     * A compile is a short-lived JVM: C1 alone and the serial collector make Maven start and
     * compile about a second sooner (3.3 s to 2.3 s for a one-class application measured here).
     * The developer's own MAVEN_OPTS come after, so they win.
     */
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");

    private final List<String> command;
    private final File workingDirectory;
    private volatile Process running;

    Recompiler(List<String> command, File workingDirectory) {
        this.command = List.copyOf(command);
        this.workingDirectory = workingDirectory;
    }

    /** The compile for {@code project} as the outer build {@code session} would do it. */
    static Recompiler forProject(MavenSession session, MavenProject project) {
        MavenExecutionRequest request = session.getRequest();
        List<String> upstream = session.getProjectDependencyGraph().getUpstreamProjects(project, true).stream()
                .map(Recompiler::selector)
                .toList();
        List<String> profiles = new ArrayList<>(request.getActiveProfiles());
        request.getInactiveProfiles().forEach(profile -> profiles.add("!" + profile));
        File pom = upstream.isEmpty() || request.getPom() == null ? project.getFile() : request.getPom();
        List<String> modules = new ArrayList<>();
        if (!upstream.isEmpty()) {
            modules.addAll(upstream);
            modules.add(selector(project));
        }
        List<String> command = command(mavenExecutable(System.getProperty("maven.home")),
                existing(request.getUserSettingsFile()), existing(request.getGlobalSettingsFile()),
                request.getLocalRepositoryPath(), profiles, pom, modules);
        return new Recompiler(command, project.getBasedir());
    }

    /**
     * {@code mvn -B -q -o [-s F] [-gs F] -Dmaven.repo.local=R [-P p] -f POM [-pl modules] process-classes}.
     * The modules of the outer reactor that the application needs, libraries and parents and this
     * plugin itself when it is built there too, are built with it, because Maven 3 would otherwise
     * look for them in the local repository, where a fresh clone has none. (Maven needs the plugin
     * even for process-classes, to find the default phase of an execution such as mqtt:package.)
     */
    static List<String> command(String maven, File userSettings, File globalSettings, File localRepository,
            List<String> profiles, File pom, List<String> modules) {
        List<String> command = new ArrayList<>(List.of(maven, "-B", "-q", "-o"));
        if (userSettings != null) {
            command.add("-s");
            command.add(userSettings.getAbsolutePath());
        }
        if (globalSettings != null) {
            command.add("-gs");
            command.add(globalSettings.getAbsolutePath());
        }
        if (localRepository != null) {
            command.add("-Dmaven.repo.local=" + localRepository.getAbsolutePath());
        }
        if (!profiles.isEmpty()) {
            command.add("-P");
            command.add(String.join(",", profiles));
        }
        command.add("-f");
        command.add(pom.getAbsolutePath());
        if (!modules.isEmpty()) {
            command.add("-pl");
            command.add(String.join(",", modules));
        }
        command.add("process-classes");
        return command;
    }

    /** The {@code mvn} of the Maven running this build, or the one on the PATH in an embedded Maven. */
    static String mavenExecutable(String mavenHome) {
        String name = System.getProperty("os.name", "").startsWith("Windows") ? "mvn.cmd" : "mvn";
        return mavenHome == null ? name : new File(new File(mavenHome, "bin"), name).getPath();
    }

    List<String> command() {
        return command;
    }

    Result compile() throws IOException, InterruptedException {
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory).redirectErrorStream(true);
        String options = builder.environment().get("MAVEN_OPTS");
        builder.environment().put("MAVEN_OPTS", options == null ? QUICK_START : QUICK_START + " " + options);
        Process process = builder.start();
        running = process;
        try {
            process.getOutputStream().close();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), Charset.defaultCharset());
            }
            int status = process.waitFor();
            return new Result(status == 0, withoutHelp(output), (System.nanoTime() - start) / 1_000_000);
        } finally {
            running = null;
        }
    }

    /** Stops a compile in progress: Maven is exiting. */
    void cancel() {
        Process process = running;
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /**
     * Maven's output without the advice it appends to every failure (-e, -X, a wiki link), which
     * would push the compiler's message out of sight on every save, without the colour resets Maven
     * 3.8 prints even in batch mode, and without its summary of a failed compile when that only
     * repeats the compiler's messages above it, so each error shows once.
     */
    static String withoutHelp(String output) {
        List<String> kept = new ArrayList<>();
        for (String line : ANSI.matcher(output).replaceAll("").strip().split("\\R")) {
            int help = line.indexOf(" -> [Help 1]");
            if (help >= 0) {
                String before = line.substring(0, help).strip();
                if (!before.equals("[ERROR]")) {
                    kept.add(before);
                }
                break;
            }
            kept.add(line);
        }
        int summary = indexOfFailure(kept);
        if (summary > 0 && kept.subList(summary + 1, kept.size()).stream()
                .allMatch(line -> line.strip().equals("[ERROR]") || kept.subList(0, summary).contains(line))) {
            kept.subList(summary, kept.size()).clear();
        }
        return String.join("\n", kept).strip();
    }

    private static int indexOfFailure(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("[ERROR] Failed to execute goal")) {
                return i;
            }
        }
        return -1;
    }

    private static String selector(MavenProject project) {
        return project.getGroupId() + ":" + project.getArtifactId();
    }

    private static File existing(File file) {
        return file != null && file.isFile() ? file : null;
    }
}
