package dev.fountain.broker.security;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.config.ConfigException;
import dev.fountain.broker.security.PasswordFile.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordFileTest {

    // Test fixtures: lines written once by mosquitto_passwd 2.0.11 (Debian 2.0.11-1.2+deb12u2),
    // usernames changed afterwards (the hash does not cover them). Each comment is the password.

    /** {@code mosquitto_passwd -b}, password {@code goodpw}. */
    private static final String PBKDF2_GOODPW = "$7$101$qgB88m9p7ZnmvwuE$eAqYsxyT+1WN9VAzYRwhGZBwvFdxUq7Rr8R09dw5XXHYpG"
            + "jZYtwC7+4nwjexD5m/R5uU63oy/hQF8LW05ns7ag==";
    /** {@code mosquitto_passwd -b}, password {@code first}. */
    private static final String PBKDF2_FIRST = "$7$101$LMKODuFVRMhyC/MZ$lAEv1KFXHSfOLVYw5KlVzMc1aKNsRLvW9AP8teIKI0KsU2"
            + "W/Rv+bjn5h6hPE8D1ShdXZ5g10SDNcLPWBJ7DZPg==";
    /** {@code mosquitto_passwd -H sha512 -b}, the Mosquitto 1.x form, password {@code pw}. */
    private static final String SHA512_PW = "$6$RTMEPV1kWFSEwm83$1wvNQvOKztgQDbL1f/RksUeu7+4mAo2WaPMGU5Xo5GyYIx4NF9F0"
            + "AOvMsdFLpxMQJeIp31w28zqaJBufRdnjFA==";
    /** {@code mosquitto_passwd -b}, the empty password. */
    private static final String PBKDF2_EMPTY = "$7$101$jgxlG4+Cr996Aox6$7Va1wotHj3FDo3rN+ghVutUG0t6lc8c49rDgWNRgLmDmAD"
            + "onmUUqTdbergeoe2tAVdogsL6tm3u65RhSYtQD4w==";
    /** {@code mosquitto_passwd -b}, password {@code pa ss:wörd}. */
    private static final String PBKDF2_NON_ASCII = "$7$101$knNBGBG5vActntK8$upVPpSCfiN+9E88Hiaw1NVy+aBhbMcuo4ba/c4x1TAm"
            + "szBKNKQpImpiAlxvO74TTdJ5M33J1uivV5rnYEsY3kw==";

    private static final String SALT = "qgB88m9p7ZnmvwuE";
    private static final String HASH = PBKDF2_GOODPW.substring(PBKDF2_GOODPW.lastIndexOf('$') + 1);

    @TempDir
    Path dir;

    @Test
    void hashWrittenByMosquittoPasswdAcceptsItsPassword() throws Exception {
        PasswordFile passwords = load("alice:" + PBKDF2_GOODPW);

        assertThat(passwords.check("alice", bytes("goodpw"))).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void sha512HashFromMosquitto1AcceptsItsPassword() throws Exception {
        PasswordFile passwords = load("old:" + SHA512_PW);

        assertThat(passwords.check("old", bytes("pw"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(passwords.check("old", bytes("pw "))).isEqualTo(Outcome.WRONG_PASSWORD);
    }

    @Test
    void emptyPasswordIsCheckedLikeAnyOther() throws Exception {
        PasswordFile passwords = load("blank:" + PBKDF2_EMPTY, "alice:" + PBKDF2_GOODPW);

        assertThat(passwords.check("blank", new byte[0])).isEqualTo(Outcome.ACCEPTED);
        assertThat(passwords.check("alice", new byte[0])).isEqualTo(Outcome.WRONG_PASSWORD);
    }

    @Test
    void nonAsciiPasswordIsHashedAsItsUtf8Bytes() throws Exception {
        PasswordFile passwords = load("u:" + PBKDF2_NON_ASCII);

        assertThat(passwords.check("u", bytes("pa ss:wörd"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(passwords.check("u", "pa ss:wörd".getBytes(ISO_8859_1)))
                .isEqualTo(Outcome.WRONG_PASSWORD);
    }

    @Test
    void pbkdf2HashWithAnyIterationCountIsAccepted() throws Exception {
        PasswordFile passwords = load("alice:" + pbkdf2Line("s3cret", 1000));

        assertThat(passwords.check("alice", bytes("s3cret"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(passwords.check("alice", bytes("s3cret!"))).isEqualTo(Outcome.WRONG_PASSWORD);
    }

    @Test
    void passwordIsHashedAsTheBytesSentNotAsText() throws Exception {
        // 0xFF and 0xFE are not UTF-8: decoded as text, both would turn into U+FFFD and match.
        byte[] sent = {(byte) 0xFF, 'a'};
        PasswordFile passwords = load("raw:" + sha512Line(sent));

        assertThat(passwords.check("raw", sent)).isEqualTo(Outcome.ACCEPTED);
        assertThat(passwords.check("raw", new byte[] {(byte) 0xFE, 'a'})).isEqualTo(Outcome.WRONG_PASSWORD);
    }

    @Test
    void wrongPasswordIsRejected() throws Exception {
        PasswordFile passwords = load("alice:" + PBKDF2_GOODPW);

        assertThat(passwords.check("alice", bytes("goodPW"))).isEqualTo(Outcome.WRONG_PASSWORD);
    }

    @Test
    void unknownUserIsReported() throws Exception {
        PasswordFile passwords = load("alice:" + PBKDF2_GOODPW);

        assertThat(passwords.check("Alice", bytes("goodpw"))).isEqualTo(Outcome.UNKNOWN_USER);
        assertThat(passwords.hasUser("Alice")).isFalse();
    }

    @Test
    void knownUserWithoutAPasswordIsReported() throws Exception {
        PasswordFile passwords = load("alice:" + PBKDF2_GOODPW);

        assertThat(passwords.check("alice", null)).isEqualTo(Outcome.NO_PASSWORD);
    }

    @Test
    void blankLinesAndCommentsAreSkipped() throws Exception {
        PasswordFile passwords = load("# made by mosquitto_passwd", "", "alice:" + PBKDF2_GOODPW, "   ",
                "  # indented:comment", "bob:" + PBKDF2_FIRST);

        assertThat(passwords.size()).isEqualTo(2);
        assertThat(passwords.hasUser("alice")).isTrue();
        assertThat(passwords.hasUser("bob")).isTrue();
    }

    @Test
    void blanksAroundUsernameAndHashAreIgnored() throws Exception {
        Path file = dir.resolve("passwords");
        Files.writeString(file, "  alice : " + PBKDF2_GOODPW + " \r\nbob:" + PBKDF2_FIRST + "\r\n");
        PasswordFile passwords = PasswordFile.load(file);

        assertThat(passwords.check("alice", bytes("goodpw"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(passwords.check("bob", bytes("first"))).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void lastLineOfAUserListedTwiceWins() throws Exception {
        // Mosquitto 2.0.11 does the same (checked against the broker).
        PasswordFile passwords = load("dup:" + PBKDF2_FIRST, "dup:" + PBKDF2_GOODPW);

        assertThat(passwords.size()).isEqualTo(1);
        assertThat(passwords.check("dup", bytes("goodpw"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(passwords.check("dup", bytes("first"))).isEqualTo(Outcome.WRONG_PASSWORD);
    }

    @Test
    void plainTextPasswordIsRefusedWithTheCommandThatHashesIt() throws Exception {
        Path file = write("alice:" + PBKDF2_GOODPW, "bob:hunter2");

        ConfigException e = loadFails(file);

        assertThat(e.file()).isEqualTo(file);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage())
                .startsWith(file + ":2: user 'bob': the password is plain text")
                .contains("mosquitto_passwd -U")
                .doesNotContain("hunter2");
    }

    @Test
    void lineWithoutAColonFailsNamingFileAndLine() throws Exception {
        Path file = write("alice:" + PBKDF2_GOODPW, "", "hunter2");

        ConfigException e = loadFails(file);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).isEqualTo(file + ":3: expected username:hash as mosquitto_passwd writes it,"
                + " found no ':'");
    }

    @Test
    void emptyUsernameFailsNamingFileAndLine() throws Exception {
        Path file = write(" :" + PBKDF2_GOODPW);

        assertThat(loadFails(file).getMessage()).isEqualTo(file + ":1: the username before ':' is empty");
    }

    static Stream<Arguments> malformedHashes() {
        return Stream.of(
                Arguments.of("", "no password hash"),
                Arguments.of("$5$" + SALT + "$" + HASH, "unsupported password hash"),
                Arguments.of("$hunter2", "mosquitto_passwd -U"),
                Arguments.of("$7$101$" + SALT, "wrong number of '$'-separated fields"),
                Arguments.of("$7$101$" + SALT + "$" + HASH + "$", "wrong number of '$'-separated fields"),
                Arguments.of("$6$" + SALT, "wrong number of '$'-separated fields"),
                Arguments.of("$7$0$" + SALT + "$" + HASH, "iteration count"),
                Arguments.of("$7$many$" + SALT + "$" + HASH, "iteration count"),
                Arguments.of("$7$101$" + SALT + "*$" + HASH, "salt is not valid Base64"),
                Arguments.of("$7$101$" + SALT + "$" + HASH.substring(1), "hash is not valid Base64"),
                // Mosquitto 2.0.11 also drops a user whose salt is not 12 bytes (checked against the broker).
                Arguments.of("$7$101$" + SALT + "AAAA$" + HASH, "salt is 15 bytes"),
                Arguments.of("$6$" + SALT + "$" + HASH.substring(0, 44), "hash is 33 bytes"));
    }

    @ParameterizedTest
    @MethodSource("malformedHashes")
    void malformedHashFailsNamingFileAndLineWithoutQuotingIt(String hash, String problem) throws Exception {
        Path file = write("# users", "alice:" + hash);

        ConfigException e = loadFails(file);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage())
                .startsWith(file + ":2: user 'alice': ")
                .contains(problem)
                .doesNotContain(SALT.substring(0, 8))
                .doesNotContain(HASH.substring(0, 8))
                .doesNotContain("hunter2");
    }

    @Test
    void missingFileFailsNamingIt() {
        Path file = dir.resolve("absent");

        ConfigException e = loadFails(file);

        assertThat(e.getMessage()).isEqualTo(file + ": no such file");
    }

    private PasswordFile load(String... lines) throws IOException, ConfigException {
        return PasswordFile.load(write(lines));
    }

    private Path write(String... lines) throws IOException {
        return Files.write(dir.resolve("passwords"), List.of(lines));
    }

    private static ConfigException loadFails(Path file) {
        try {
            PasswordFile.load(file);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected " + file + " to be refused");
    }

    private static byte[] bytes(String password) {
        return password.getBytes(UTF_8);
    }

    /** A {@code $7$} hash made by the JDK's own PBKDF2, to check ours against. */
    private static String pbkdf2Line(String password, int iterations) throws Exception {
        byte[] salt = salt();
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 512);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        return "$7$" + iterations + "$" + base64(salt) + "$" + base64(hash);
    }

    private static String sha512Line(byte[] password) throws Exception {
        byte[] salt = salt();
        MessageDigest digest = MessageDigest.getInstance("SHA-512");
        digest.update(password);
        digest.update(salt);
        return "$6$" + base64(salt) + "$" + base64(digest.digest());
    }

    private static byte[] salt() {
        byte[] salt = new byte[12];
        new SecureRandom().nextBytes(salt);
        return salt;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
