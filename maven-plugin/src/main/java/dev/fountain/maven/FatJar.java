package dev.fountain.maven;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * One runnable jar made of the application's classes and every jar it needs at run time, as
 * maven-shade-plugin with its ServicesResourceTransformer would make it: service files merged,
 * signatures and module descriptors left out, the first of two entries with one name kept.
 * Nothing is relocated: Netty finds its native transport under the exact names it was built with.
 *
 * <p>The entry order depends only on the inputs: sources in class-path order, each one's entries
 * in name order, merged service files last. With a timestamp every entry carries it, and the jar
 * is byte for byte the same on every build.
 */
final class FatJar {

    /** What went into the jar. */
    record Summary(int entries, int serviceFiles, List<String> duplicates) {
    }

    private final ZipOutputStream out;
    private final LocalDateTime timestamp;
    private final Set<String> written = new HashSet<>();
    private final List<String> duplicates = new ArrayList<>();
    private final ServiceFiles services = new ServiceFiles();

    private FatJar(ZipOutputStream out, Instant timestamp) {
        this.out = out;
        this.timestamp = timestamp == null ? null : LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
    }

    /**
     * Writes {@code target} from {@code sources} (class directories and jars), with
     * {@code mainClass} as its Main-Class. {@code timestamp} may be null: entries then keep the
     * times of their sources.
     */
    static Summary write(Path target, String mainClass, Instant timestamp, List<Path> sources) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target));
                ZipOutputStream zip = new ZipOutputStream(file)) {
            FatJar jar = new FatJar(zip, timestamp);
            jar.writeManifest(mainClass);
            for (Path source : sources) {
                if (Files.isDirectory(source)) {
                    jar.addDirectory(source);
                } else if (Files.isRegularFile(source)) {
                    jar.addJar(source);
                }
            }
            return jar.finish();
        }
    }

    private void writeManifest(String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Created-By", "Fountain mqtt-maven-plugin");
        main.put(Attributes.Name.MAIN_CLASS, mainClass);
        // Dependencies such as Jackson and Guava keep classes for newer JDKs under
        // META-INF/versions; only a multi-release jar lets the JVM pick them.
        main.put(Attributes.Name.MULTI_RELEASE, "true");
        // java.util.jar.JarInputStream finds the manifest only as the first or second entry.
        putDirectory("META-INF/", null);
        out.putNextEntry(entry("META-INF/MANIFEST.MF", null));
        manifest.write(out);
        out.closeEntry();
    }

    private void addDirectory(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(path -> !path.equals(root)).sorted().toList();
        }
        for (Path path : paths) {
            String name = root.relativize(path).toString().replace('\\', '/');
            long time = Files.getLastModifiedTime(path).toMillis();
            if (Files.isDirectory(path)) {
                putDirectory(name + "/", time);
            } else {
                try (InputStream content = Files.newInputStream(path)) {
                    put(name, time, content);
                }
            }
        }
    }

    private void addJar(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries = zip.stream()
                    .sorted((a, b) -> a.getName().compareTo(b.getName()))
                    .toList();
            for (ZipEntry source : entries) {
                if (source.isDirectory()) {
                    putDirectory(source.getName(), source.getTime());
                } else {
                    try (InputStream content = zip.getInputStream(source)) {
                        put(source.getName(), source.getTime(), content);
                    }
                }
            }
        }
    }

    private void put(String name, long time, InputStream content) throws IOException {
        if (EntryRules.isLeftOut(name)) {
            return;
        }
        if (EntryRules.isServiceFile(name)) {
            services.add(name, content);
            return;
        }
        if (!written.add(name)) {
            duplicates.add(name);
            return;
        }
        out.putNextEntry(entry(name, time));
        content.transferTo(out);
        out.closeEntry();
    }

    private void putDirectory(String name, Long time) throws IOException {
        if (written.add(name)) {
            out.putNextEntry(entry(name, time));
            out.closeEntry();
        }
    }

    private Summary finish() throws IOException {
        Map<String, byte[]> merged = services.merged();
        if (!merged.isEmpty()) {
            putDirectory("META-INF/services/", null);
        }
        for (Map.Entry<String, byte[]> file : merged.entrySet()) {
            written.add(file.getKey());
            out.putNextEntry(entry(file.getKey(), null));
            out.write(file.getValue());
            out.closeEntry();
        }
        return new Summary(written.size(), merged.size(), List.copyOf(duplicates));
    }

    /** An entry at the fixed timestamp, else at {@code time}, else at the time of writing. */
    private ZipEntry entry(String name, Long time) {
        ZipEntry entry = new ZipEntry(name);
        if (timestamp != null) {
            // Local time without a zone: the bytes are the same in every time zone.
            entry.setTimeLocal(timestamp);
        } else if (time != null && time >= 0) {
            entry.setTime(time);
        }
        return entry;
    }
}
