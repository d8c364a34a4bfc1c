package dev.fountain.broker.protocol;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Socket addresses as the log prints them: {@code 192.168.1.105:53874}, as Mosquitto does. */
final class Addresses {

    private Addresses() {
    }

    static String hostAndPort(SocketAddress socket) {
        if (socket instanceof InetSocketAddress address) {
            return address.getAddress().getHostAddress() + ":" + address.getPort();
        }
        return String.valueOf(socket);
    }

    /** The port of {@code socket}, or 0 for one that has none (an embedded test channel). */
    static int port(SocketAddress socket) {
        return socket instanceof InetSocketAddress address ? address.getPort() : 0;
    }
}
