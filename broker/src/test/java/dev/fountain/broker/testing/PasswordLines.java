package dev.fountain.broker.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Password file lines as {@code mosquitto_passwd} 2.x writes them, made at test time. */
public final class PasswordLines {

    private PasswordLines() {
    }

    /** {@code user:$7$101$salt$hash}: PBKDF2-HMAC-SHA512, 101 iterations, 12-byte salt. */
    public static String pbkdf2(String user, String password) throws GeneralSecurityException {
        byte[] salt = new byte[12];
        new SecureRandom().nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, 101, 64 * 8);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        Base64.Encoder base64 = Base64.getEncoder();
        return user + ":$7$101$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    /** The UTF-8 bytes of a password, as clients send them. */
    public static byte[] utf8(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
