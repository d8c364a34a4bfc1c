package dev.fountain.broker.security;

import dev.fountain.broker.config.ConfigException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reading the line-based files Mosquitto's security options point at. */
final class ConfigLines {

    private ConfigLines() {
    }

    /** The lines of {@code file}; a file that cannot be read is a configuration error naming it. */
    static List<String> read(Path file) throws ConfigException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, null, "no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file, 0, null, "permission denied");
        } catch (MalformedInputException e) {
            throw new ConfigException(file, 0, null, "the file is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read the file: " + e.getMessage());
        }
    }

    /** Whether a stripped line carries nothing: blank, or a {@code #} comment. */
    static boolean isBlankOrComment(String stripped) {
        return stripped.isEmpty() || stripped.charAt(0) == '#';
    }
}
