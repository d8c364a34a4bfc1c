package dev.fountain.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The application's settings, for {@code ${key}} placeholders in topics and for Fountain's own
 * {@code fountain.*} keys. A key is looked up, first match wins, in: values set in code (tests),
 * system properties ({@code -Dgarden.id=7}), environment variables ({@code GARDEN_ID}: upper
 * case, dots and dashes as underscores), and {@code fountain.properties} at the root of the class
 * path ({@code src/main/resources}).
 */
public final class AppConfig {

    /** The file read from the class path. */
    public static final String FILE = "fountain.properties";

    private final Map<String, String> overrides;
    private final Properties file;
    private final Map<String, String> environment;

    AppConfig(Map<String, String> overrides, Properties file, Map<String, String> environment) {
        this.overrides = Map.copyOf(overrides);
        this.file = file;
        this.environment = environment;
    }

    static AppConfig load(Map<String, String> overrides, ClassLoader classLoader) {
        Properties file = new Properties();
        try (InputStream in = classLoader.getResourceAsStream(FILE)) {
            if (in != null) {
                file.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE + " from the class path", e);
        }
        return new AppConfig(new HashMap<>(overrides), file, System.getenv());
    }

    /** The value of {@code key}, or empty. */
    public Optional<String> get(String key) {
        String value = overrides.get(key);
        if (value == null) {
            value = System.getProperty(key);
        }
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        if (value == null) {
            value = file.getProperty(key);
        }
        return Optional.ofNullable(value);
    }

    /**
     * A whole number setting, or {@code defaultValue}.
     *
     * @throws IllegalArgumentException naming the key when the value is not a whole number of at least 1
     */
    public int positiveInt(String key, int defaultValue) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get().strip());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the key and the value
        }
        throw new IllegalArgumentException(key + ": expected a whole number of at least 1, found '" + value.get()
                + "'");
    }

    /** How to set {@code key}, for error messages. */
    static String howToSet(String key) {
        return "set " + key + " in " + FILE + ", as -D" + key + "=..., or as the environment variable "
                + environmentName(key);
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
