package dev.fountain.broker.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.security.PasswordFile.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password files written by the real {@code mosquitto_passwd}, which this machine must have. */
@Tag("interop")
class PasswordFileInteropTest {

    @TempDir
    Path dir;

    @Test
    void fileWrittenByMosquittoPasswdAcceptsItsPasswordsAndRejectsOthers() throws Exception {
        Path file = dir.resolve("passwords");
        mosquittoPasswd("-c", "-b", file.toString(), "user", "secret");
        mosquittoPasswd("-b", file.toString(), "second", "an0ther secret");

        PasswordFile passwords = PasswordFile.load(file);

        assertThat(passwords.size()).isEqualTo(2);
        assertThat(passwords.check("user", bytes("secret"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(passwords.check("user", bytes("Secret"))).isEqualTo(Outcome.WRONG_PASSWORD);
        assertThat(passwords.check("second", bytes("an0ther secret"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(passwords.check("second", bytes("secret"))).isEqualTo(Outcome.WRONG_PASSWORD);
    }

    @Test
    void sha512FileWrittenByMosquittoPasswdIsAccepted() throws Exception {
        Path file = dir.resolve("passwords");
        mosquittoPasswd("-H", "sha512", "-c", "-b", file.toString(), "user", "secret");

        PasswordFile passwords = PasswordFile.load(file);

        assertThat(passwords.check("user", bytes("secret"))).isEqualTo(Outcome.ACCEPTED);
        assertThat(passwords.check("user", bytes("secret2"))).isEqualTo(Outcome.WRONG_PASSWORD);
    }

    private static void mosquittoPasswd(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mosquitto_passwd"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run mosquitto_passwd; this test needs Debian's mosquitto package:"
                    + " sudo apt-get install mosquitto", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(process.exitValue()).as("exit code of %s, which said: %s", command, output).isZero();
    }

    private static byte[] bytes(String password) {
        return password.getBytes(UTF_8);
    }
}
