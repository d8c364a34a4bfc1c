package dev.fountain.broker.security;

import dev.fountain.broker.config.ConfigException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of a Mosquitto {@code password_file}, as {@code mosquitto_passwd} writes it: one
 * {@code username:hash} per line, blank lines and {@code #} comments skipped, blanks around the
 * username and the hash ignored. The hash forms are described in {@link PasswordHash}.
 *
 * <p>Where Mosquitto 2.0.11 logs a bad line and carries on without it (a line without {@code :},
 * a plain-text password, a hash it cannot decode), this refuses to load and names the file and
 * line: a user silently locked out is harder to find than a broker that will not start. Messages
 * never quote a hash or a password. A user listed twice keeps the last line, as in Mosquitto.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class PasswordFile {

    /** The answer to a CONNECT's username and password. */
    public enum Outcome {
        ACCEPTED,
        UNKNOWN_USER,
        WRONG_PASSWORD,
        /** The user exists and the client sent no password. */
        NO_PASSWORD
    }

    private final Map<String, PasswordHash> users;

    private PasswordFile(Map<String, PasswordHash> users) {
        this.users = users;
    }

    public static PasswordFile load(Path file) throws ConfigException {
        List<String> lines = ConfigLines.read(file);
        Map<String, PasswordHash> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (ConfigLines.isBlankOrComment(line)) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new ConfigException(file, i + 1, null,
                        "expected username:hash as mosquitto_passwd writes it, found no ':'");
            }
            String username = line.substring(0, colon).strip();
            if (username.isEmpty()) {
                throw new ConfigException(file, i + 1, null, "the username before ':' is empty");
            }
            try {
                // Mosquitto 2.0.11 keeps the last line of a user listed twice (checked against the
                // broker); mosquitto_passwd never writes such a file, a hand edit can.
                users.put(username, PasswordHash.parse(line.substring(colon + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, i + 1, null, "user '" + username + "': " + e.getMessage());
            }
        }
        return new PasswordFile(Map.copyOf(users));
    }

    public boolean hasUser(String username) {
        return users.containsKey(username);
    }

    /**
     * Checks a CONNECT's credentials. Whether a client without a username may connect at all is
     * the caller's rule ({@code allow_anonymous}), so {@code username} is never {@code null} here;
     * {@code password} is {@code null} when the client sent none. The password is hashed as the
     * bytes the client sent.
     */
    public Outcome check(String username, byte[] password) {
        PasswordHash hash = users.get(username);
        if (hash == null) {
            return Outcome.UNKNOWN_USER;
        }
        if (password == null) {
            return Outcome.NO_PASSWORD;
        }
        return hash.matches(password) ? Outcome.ACCEPTED : Outcome.WRONG_PASSWORD;
    }

    /** The number of users. */
    public int size() {
        return users.size();
    }
}
