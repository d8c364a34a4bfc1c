package dev.fountain.broker.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads Mosquitto 2.x's {@code mosquitto.conf}, so a Mosquitto user starts Fountain with the file
 * they have. The keys Fountain applies go to a {@link BrokerConfig.Builder}; the keys Mosquitto
 * knows but Fountain does not apply yet become {@link BrokerConfig#warnings()}; a key Mosquitto
 * does not know, or a value that does not fit its key, is a {@link ConfigException} naming the
 * file, the line and the key, because Mosquitto refuses to start on those too.
 *
 * <p>The syntax is Mosquitto's: one {@code key value} per line, '#' starts a comment only in the
 * first column, blank lines and surrounding whitespace do not count, and {@code include_dir} reads
 * every {@code *.conf} of a directory in Mosquitto's order. Two liberties: a tab may separate key
 * and value (Mosquitto takes only spaces and reports the whole line as an unknown key), and values
 * are checked more strictly, since Mosquitto reads {@code ten} as 0 and skips words it does not
 * expect, which hides mistakes.
 */
public final class ConfigFile {

    private ConfigFile() {
    }

    /** Reads {@code file} into a new builder and builds it. */
    public static BrokerConfig load(Path file) throws ConfigException {
        return read(file, BrokerConfig.builder()).build();
    }

    /**
     * Reads {@code file}, and the files it includes, into {@code into}, and records it as the
     * source. Settings the file does not mention keep the builder's values.
     *
     * @return {@code into}
     */
    public static BrokerConfig.Builder read(Path file, BrokerConfig.Builder into) throws ConfigException {
        ConfigReader reader = new ConfigReader(into.source(file));
        readFile(file, reader, true);
        reader.finish();
        return into;
    }

    private static void readFile(Path file, ConfigReader reader, boolean main) throws ConfigException {
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.startsWith("#") || text.isBlank()) {
                continue;
            }
            ConfigLine line = ConfigLine.parse(file, i + 1, text);
            if (line.key().equals("include_dir")) {
                include(line, reader, main);
            } else {
                reader.apply(line);
            }
        }
    }

    private static void include(ConfigLine line, ConfigReader reader, boolean main) throws ConfigException {
        Path dir = line.path("a directory");
        if (!main) {
            // Mosquitto 2.0 skips it without a word and 2.1 refuses it; skipping keeps a 2.0 file
            // working, and saying so keeps nobody guessing.
            reader.warn(line.warning("ignored: only the main configuration file can include a directory"));
            return;
        }
        for (Path included : confFiles(line, dir)) {
            readFile(included, reader, false);
        }
    }

    private static List<Path> confFiles(ConfigLine line, Path dir) throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw line.error("cannot open directory '" + dir + "'");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(ConfigFile::isConfFile)
                    .sorted(Comparator.comparing(entry -> entry.getFileName().toString(), ConfigFile::mosquittoOrder))
                    .toList();
        } catch (IOException e) {
            throw line.error("cannot list directory '" + dir + "': " + e.getMessage());
        }
    }

    /** Mosquitto reads the names that end in ".conf", case-sensitively, with something before it. */
    private static boolean isConfFile(Path file) {
        String name = file.getFileName().toString();
        return name.length() > ".conf".length() && name.endsWith(".conf");
    }

    /**
     * Mosquitto's include_dir order: names compare ignoring case, and at the first place where two
     * differ only in case, upper case comes first; so A.conf, a.conf, B.conf, b.conf.
     */
    static int mosquittoOrder(String a, String b) {
        for (int i = 0; i < Math.min(a.length(), b.length()); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            int ignoringCase = Character.toUpperCase(x) - Character.toUpperCase(y);
            if (ignoringCase != 0) {
                return ignoringCase;
            }
            if (x != y) {
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static List<String> lines(Path file) throws ConfigException {
        if (Files.isDirectory(file)) {
            throw new ConfigException(file, 0, null, "is a directory, not a configuration file");
        }
        try {
            // Bytes that are not UTF-8 are replaced rather than refused: Mosquitto checks only the
            // values it keeps, and a Latin-1 comment must not stop the broker.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, null, "no such configuration file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file, 0, null, "cannot read the configuration file: permission denied");
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read the configuration file: " + e.getMessage());
        }
    }
}
