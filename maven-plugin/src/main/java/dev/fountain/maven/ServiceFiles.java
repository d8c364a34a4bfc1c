package dev.fountain.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code META-INF/services} files of all the jars, merged: the runtime finds route tables and
 * Guice modules with ServiceLoader, and a jar holds one file per interface, so keeping only the
 * first would lose every provider but one jar's. Providers keep the order they were first seen
 * in; comments and blank lines are dropped.
 */
final class ServiceFiles {

    private final Map<String, Set<String>> providers = new TreeMap<>();

    void add(String name, InputStream content) throws IOException {
        Set<String> lines = providers.computeIfAbsent(name, key -> new LinkedHashSet<>());
        BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            int comment = line.indexOf('#');
            String provider = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!provider.isEmpty()) {
                lines.add(provider);
            }
        }
    }

    /** The merged files by name, in name order. */
    Map<String, byte[]> merged() {
        Map<String, byte[]> files = new TreeMap<>();
        providers.forEach((name, lines) ->
                files.put(name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
        return files;
    }
}
