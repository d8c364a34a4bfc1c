package dev.fountain.broker;

import java.net.BindException;

/**
 * The one line a user sees when a listener's port is taken: which port, what holds it when that can
 * be told, and how to get past it with the flag of the command they ran. Most often it is Debian's
 * mosquitto service, which the package starts on 1883.
 */
public final class PortInUse {

    private PortInUse() {
    }

    /**
     * @param e what {@link Broker#start()} or {@link Broker#openListeners()} threw for a port in use
     * @param portFlag how the command the user ran takes another port, such as {@code -p 1884}
     */
    public static String advice(BindException e, String portFlag) {
        String stop = e.getMessage().contains("(mosquitto,")
                ? "stop it (Debian's mosquitto package runs one as a service: sudo systemctl stop mosquitto)"
                : "stop it";
        return e.getMessage() + "; " + stop + ", or choose another port with " + portFlag + ".";
    }
}
