package dev.fountain.broker.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One password hash of a password file, in the two forms Mosquitto 2.0 reads (its
 * {@code security_default.c}, checked against the 2.0.11 broker and {@code mosquitto_passwd}):
 * <ul>
 *   <li>{@code $7$<iterations>$<salt>$<hash>}: PBKDF2-HMAC-SHA512 of the password with the salt,
 *       64 bytes; what {@code mosquitto_passwd} 2.x writes (101 iterations);
 *   <li>{@code $6$<salt>$<hash>}: SHA-512 of the password bytes followed by the salt bytes; what
 *       Mosquitto 1.x wrote, and 2.x with {@code -H sha512}.
 * </ul>
 * Salt and hash are standard Base64. Problems are reported without quoting the text: it may be a
 * password typed in the wrong place.
 */
final class PasswordHash {

    /** Mosquitto 2.0.11 drops a user whose salt is not 12 bytes (checked against the broker). */
    static final int SALT_BYTES = 12;
    /** The length of a SHA-512 digest, and the length Mosquitto asks PBKDF2 for. */
    static final int HASH_BYTES = 64;

    private static final String PBKDF2_PREFIX = "$7$";
    private static final String SHA512_PREFIX = "$6$";
    private static final String FORMS = "expected $7$<iterations>$<salt>$<hash> as mosquitto_passwd writes it,"
            + " or $6$<salt>$<hash> from Mosquitto 1.x";

    /** The PBKDF2 iteration count, or 0 for a plain SHA-512 ({@code $6$}) hash. */
    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Reads the text after {@code username:}.
     *
     * @throws IllegalArgumentException why it is not a hash Mosquitto 2 reads; the message never
     *         contains any part of {@code encoded}
     */
    static PasswordHash parse(String encoded) {
        if (encoded.isEmpty()) {
            throw new IllegalArgumentException("no password hash after ':'");
        }
        if (encoded.startsWith(PBKDF2_PREFIX)) {
            String[] fields = fields(encoded.substring(PBKDF2_PREFIX.length()), 3);
            return new PasswordHash(iterations(fields[0]), salt(fields[1]), hash(fields[2]));
        }
        if (encoded.startsWith(SHA512_PREFIX)) {
            String[] fields = fields(encoded.substring(SHA512_PREFIX.length()), 2);
            return new PasswordHash(0, salt(fields[0]), hash(fields[1]));
        }
        if (encoded.charAt(0) != '$') {
            // Mosquitto 2.0.11 logs "Invalid password hash type" and drops the user, so the
            // broker starts and that user can never log in; failing here names the fix instead.
            throw new IllegalArgumentException("the password is plain text; Mosquitto 2 reads only hashed"
                    + " passwords: hash the file in place with 'mosquitto_passwd -U <file>'");
        }
        throw new IllegalArgumentException("unsupported password hash; " + FORMS
                + " (a plain-text password is hashed with 'mosquitto_passwd -U <file>')");
    }

    private static String[] fields(String text, int count) {
        String[] fields = text.split("\\$", -1);
        if (fields.length != count) {
            throw new IllegalArgumentException("the password hash has the wrong number of '$'-separated fields; "
                    + FORMS);
        }
        return fields;
    }

    private static int iterations(String text) {
        int iterations;
        try {
            iterations = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            iterations = 0;
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("the iteration count of a $7$ hash must be a whole number from 1 to "
                    + Integer.MAX_VALUE);
        }
        return iterations;
    }

    private static byte[] salt(String base64) {
        byte[] salt = decode(base64, "salt");
        if (salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("the salt is " + salt.length + " bytes; Mosquitto 2 reads only "
                    + SALT_BYTES + "-byte salts, as mosquitto_passwd writes them");
        }
        return salt;
    }

    private static byte[] hash(String base64) {
        byte[] hash = decode(base64, "hash");
        if (hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("the hash is " + hash.length + " bytes, a SHA-512 hash is "
                    + HASH_BYTES);
        }
        return hash;
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character: not repeated here.
            throw new IllegalArgumentException("the " + what + " is not valid Base64");
        }
    }

    /** Whether {@code password}, as the client sent it, hashes to this hash; compared in constant time. */
    boolean matches(byte[] password) {
        return MessageDigest.isEqual(hash, iterations == 0 ? sha512(password) : pbkdf2(password));
    }

    private byte[] sha512(byte[] password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            digest.update(password);
            digest.update(salt);
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime lacks SHA-512", e);
        }
    }

    /**
     * PBKDF2 (RFC 8018 section 5.2) over the password bytes as sent. Not the JDK's
     * {@code PBKDF2WithHmacSHA512}: it takes the password as characters and re-encodes them, which
     * changes a password that is not valid UTF-8, and Mosquitto hashes the bytes.
     */
    private byte[] pbkdf2(byte[] password) {
        Mac hmac = hmacSha512(password);
        // 64 bytes is exactly one HMAC-SHA512 output, so only block 1 is needed.
        hmac.update(salt);
        hmac.update(new byte[] {0, 0, 0, 1});
        byte[] u = hmac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = hmac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static Mac hmacSha512(byte[] key) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA512");
            // HMAC pads a short key with zero bytes (RFC 2104), so one zero byte is the same key as
            // the empty password, which SecretKeySpec refuses.
            hmac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA512"));
            return hmac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime lacks HmacSHA512", e);
        }
    }
}
