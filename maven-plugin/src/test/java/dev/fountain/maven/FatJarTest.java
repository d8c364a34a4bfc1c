package dev.fountain.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FatJarTest {

    private static final String SERVICE = "META-INF/services/dev.fountain.app.RouteTable";
    private static final String EPOLL = "META-INF/native/libnetty_transport_native_epoll_x86_64.so";

    @TempDir
    Path temp;

    private Path classes;
    private Path first;
    private Path second;
    private final byte[] nativeLibrary = new byte[70_000];

    @BeforeEach
    void sources() throws IOException {
        new java.util.Random(7).nextBytes(nativeLibrary);
        classes = temp.resolve("classes");
        write(classes.resolve("app/Garden.class"), "app classes");
        write(classes.resolve(SERVICE), "app.Garden$$Routes\n");
        first = jar("first.jar", Map.of(
                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: not.This\n",
                "META-INF/FIRST.SF", "signature",
                "META-INF/FIRST.RSA", "signature block",
                "META-INF/FIRST.EC", "signature block",
                "module-info.class", "module first",
                "META-INF/versions/11/module-info.class", "module first",
                SERVICE, "# providers of the first jar\nfirst.Routes\n\nshared.Routes # both have it\n",
                "shared/Readme.txt", "from the first jar",
                "first/Only.class", "first"));
        second = jar("second.jar", Map.of(
                SERVICE, "shared.Routes\nsecond.Routes\n",
                "shared/Readme.txt", "from the second jar",
                EPOLL, nativeLibrary));
    }

    @Test
    void serviceFilesAreMergedWithEachProviderOnceInTheOrderFirstSeen() throws IOException {
        Path jar = write(null);

        assertThat(text(jar, SERVICE)).isEqualTo("app.Garden$$Routes\nfirst.Routes\nshared.Routes\nsecond.Routes\n");
    }

    @Test
    void signaturesModuleDescriptorsAndDependencyManifestsAreLeftOut() throws IOException {
        Path jar = write(null);

        assertThat(names(jar)).doesNotContain("META-INF/FIRST.SF", "META-INF/FIRST.RSA", "META-INF/FIRST.EC",
                "module-info.class", "META-INF/versions/11/module-info.class");
        assertThat(names(jar)).containsOnlyOnce("META-INF/MANIFEST.MF");
    }

    @Test
    void theFirstOfTwoEntriesWithOneNameIsKeptAndTheOtherReported() throws IOException {
        Path jar = temp.resolve("app.jar");
        FatJar.Summary summary = FatJar.write(jar, "dev.fountain.app.Fountain", null, List.of(classes, first, second));

        assertThat(text(jar, "shared/Readme.txt")).isEqualTo("from the first jar");
        assertThat(summary.duplicates()).containsExactly("shared/Readme.txt");
        assertThat(summary.serviceFiles()).isEqualTo(1);
    }

    @Test
    void theManifestComesFirstNamesTheMainClassAndMakesTheJarMultiRelease() throws IOException {
        Path jar = write(null);

        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = in.getManifest();
            assertThat(manifest).isNotNull();
            assertThat(manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS))
                    .isEqualTo("dev.fountain.app.Fountain");
            assertThat(manifest.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE)).isEqualTo("true");
        }
    }

    @Test
    void nettysNativeLibraryIsCopiedUnderItsOwnNameUnchanged() throws IOException {
        Path jar = write(null);

        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.getInputStream(zip.getEntry(EPOLL)).readAllBytes()).isEqualTo(nativeLibrary);
        }
    }

    @Test
    void entriesFollowTheClassPathAndNameOrder() throws IOException {
        Path jar = write(null);

        assertThat(names(jar)).containsSubsequence("META-INF/", "META-INF/MANIFEST.MF", "app/", "app/Garden.class",
                "first/Only.class", "shared/Readme.txt", EPOLL, SERVICE);
    }

    @Test
    void withATimestampTheJarIsByteForByteTheSameOnEveryBuild() throws IOException {
        // Zip times have a resolution of two seconds: an even second survives the round trip.
        Instant timestamp = Instant.parse("2026-01-02T03:04:06Z");
        byte[] once = Files.readAllBytes(write(timestamp));
        Files.setLastModifiedTime(classes.resolve("app/Garden.class"), FileTime.from(Instant.now()));
        byte[] again = Files.readAllBytes(write(timestamp));

        assertThat(again).isEqualTo(once);
        try (ZipFile zip = new ZipFile(temp.resolve("app.jar").toFile())) {
            assertThat(zip.getEntry("app/Garden.class").getTimeLocal()).isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 6));
        }
    }

    private Path write(Instant timestamp) throws IOException {
        Path jar = temp.resolve("app.jar");
        FatJar.write(jar, "dev.fountain.app.Fountain", timestamp, List.of(classes, first, second));
        return jar;
    }

    private Path jar(String name, Map<String, Object> entries) throws IOException {
        Path jar = temp.resolve(name);
        // Stored in an order that is not the name order, as real jars are.
        Map<String, Object> shuffled = new LinkedHashMap<>();
        entries.keySet().stream().sorted(Collections.reverseOrder()).forEach(key -> shuffled.put(key, entries.get(key)));
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, Object> entry : shuffled.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue() instanceof byte[] bytes ? bytes
                        : entry.getValue().toString().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static String text(Path jar, String name) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }
}
