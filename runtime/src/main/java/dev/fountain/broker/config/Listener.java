package dev.fountain.broker.config;

/**
 * One listening socket, as a {@code listener <port> [<bind address>]} block of mosquitto.conf.
 *
 * @param port the TCP port; 0 picks a free one (read it back from the running broker)
 * @param bindAddress a host name or address to bind, or {@code null} for every interface
 * @param protocol what the socket speaks
 * @param socketDomain restricts an unbound or host-name listener to one address family, or
 *     {@code null} for both (Mosquitto's {@code socket_domain})
 */
public record Listener(int port, String bindAddress, Protocol protocol, SocketDomain socketDomain) {

    /** Mosquitto's {@code protocol} key. */
    public enum Protocol { MQTT, WEBSOCKETS }

    /** Mosquitto's {@code socket_domain} key. */
    public enum SocketDomain { IPV4, IPV6 }

    public Listener {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
        }
        if (protocol == null) {
            throw new IllegalArgumentException("protocol is required");
        }
    }

    /** A plain MQTT listener on {@code port}, bound to {@code bindAddress} (null: all interfaces). */
    public static Listener mqtt(int port, String bindAddress) {
        return new Listener(port, bindAddress, Protocol.MQTT, null);
    }

    public Listener withBindAddress(String address) {
        return new Listener(port, address, protocol, socketDomain);
    }

    public Listener withProtocol(Protocol newProtocol) {
        return new Listener(port, bindAddress, newProtocol, socketDomain);
    }

    public Listener withSocketDomain(SocketDomain domain) {
        return new Listener(port, bindAddress, protocol, domain);
    }
}
