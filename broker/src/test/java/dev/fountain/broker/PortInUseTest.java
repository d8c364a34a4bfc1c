package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.testing.Programs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A port that another program holds: one line names the port and, on Linux, the program, and says
 * how to get past it; nothing half-started stays behind.
 */
class PortInUseTest {

    @Test
    void theErrorNamesThePortAndTheProgramHoldingIt() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = holder.getLocalPort();
            assertThatThrownBy(() -> Broker.builder().port(port).build().start())
                    .isInstanceOf(BindException.class)
                    .hasMessage("port " + port + " on 127.0.0.1 is in use by another program (java, pid "
                            + ProcessHandle.current().pid() + ")");
        }
    }

    @Test
    void theStandaloneBrokerSaysItInOneLineWithTheFlagToChangeIt() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = holder.getLocalPort();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Main.run(new String[] {"-p", Integer.toString(port)}, System.out,
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Error: port " + port
                    + " on 127.0.0.1 is in use by another program (java, pid " + ProcessHandle.current().pid()
                    + "); stop it, or choose another port with -p <port> (or a listener line in the config file)."
                    + System.lineSeparator());
        }
    }

    @Test
    @Tag("interop")
    void aMosquittoServiceInTheWayIsNamedWithHowToStopIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (Programs.Running mosquitto = Programs.start("/usr/sbin/mosquitto", "-p", Integer.toString(port))) {
            await().until(() -> accepts(port));
            assertThatThrownBy(() -> Broker.builder().port(port).build().start())
                    .isInstanceOfSatisfying(BindException.class, e -> assertThat(PortInUse.advice(e, "-p 1884"))
                            .startsWith("port " + port + " on 127.0.0.1 is in use by another program (mosquitto, pid ")
                            .endsWith("); stop it (Debian's mosquitto package runs one as a service: sudo systemctl"
                                    + " stop mosquitto), or choose another port with -p 1884."));
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
