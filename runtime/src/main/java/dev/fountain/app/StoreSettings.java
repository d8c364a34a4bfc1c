package dev.fountain.app;

import dev.fountain.broker.config.Persistence;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedded broker's persistence from the application's settings, beside (and over) the
 * {@code persistence*} lines of a {@code -c} file: {@code fountain.persistence} ({@code true} or
 * {@code false}), {@code fountain.persistence.location} (used only where no
 * {@code persistence_location} line chose a directory: {@code mvn mqtt:run} points it into
 * {@code target/}) and {@code fountain.persistence.sync} ({@code always}, {@code interval},
 * {@code none}).
 */
final class StoreSettings {

    static final String ENABLED = "fountain.persistence";
    static final String LOCATION = "fountain.persistence.location";
    static final String SYNC = "fountain.persistence.sync";

    private StoreSettings() {
    }

    /** @throws IllegalArgumentException naming the key for a value that is not one of its choices */
    static Persistence apply(AppConfig config, Persistence fromFile) {
        Persistence persistence = fromFile;
        Optional<String> enabled = config.get(ENABLED).map(String::strip);
        if (enabled.isPresent()) {
            persistence = persistence.withEnabled(switch (enabled.get()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(ENABLED + ": expected true or false, found '"
                        + enabled.get() + "'");
            });
        }
        Optional<String> location = config.get(LOCATION).map(String::strip);
        if (location.isPresent() && persistence.directory().equals(Path.of(""))) {
            try {
                persistence = persistence.withDirectory(Path.of(location.get()));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(LOCATION + ": not a directory name: '" + location.get() + "'", e);
            }
        }
        Optional<String> sync = config.get(SYNC).map(String::strip);
        if (sync.isPresent()) {
            try {
                persistence = persistence.withSync(Persistence.Sync.valueOf(sync.get().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SYNC + ": expected always, interval or none, found '" + sync.get()
                        + "'", e);
            }
        }
        return persistence;
    }
}
