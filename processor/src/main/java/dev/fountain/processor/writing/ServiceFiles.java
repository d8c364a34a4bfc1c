package dev.fountain.processor.writing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/services} files. An incremental build compiles only the changed sources,
 * so the entries of the last build are read back and kept, as AutoService does; the file lists
 * the union, sorted, one binary class name a line.
 */
public final class ServiceFiles {

    private final Filer filer;

    public ServiceFiles(Filer filer) {
        this.filer = filer;
    }

    /** Writes {@code META-INF/services/<service>} with {@code providers} and the entries already there. */
    public void write(String service, Collection<String> providers) throws IOException {
        String path = "META-INF/services/" + service;
        SortedSet<String> entries = new TreeSet<>(providers);
        entries.addAll(existingEntries(path));
        FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path);
        // ServiceLoader reads UTF-8 whatever javac's -encoding says.
        try (OutputStream out = file.openOutputStream()) {
            out.write(render(entries).getBytes(StandardCharsets.UTF_8));
        }
    }

    private SortedSet<String> existingEntries(String path) {
        try {
            FileObject existing = filer.getResource(StandardLocation.CLASS_OUTPUT, "", path);
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(existing.openInputStream(), StandardCharsets.UTF_8))) {
                return parse(reader.lines().toList());
            }
        } catch (IOException | IllegalArgumentException noFileYet) {
            // A clean build has no previous file; javac signals that with an exception.
            return new TreeSet<>();
        }
    }

    /** The provider names in the lines of a service file: comments and blank lines dropped. */
    static SortedSet<String> parse(Collection<String> lines) {
        SortedSet<String> entries = new TreeSet<>();
        for (String line : lines) {
            int comment = line.indexOf('#');
            String entry = (comment < 0 ? line : line.substring(0, comment)).trim();
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    static String render(Collection<String> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(entry -> text.append(entry).append('\n'));
        return text.toString();
    }
}
