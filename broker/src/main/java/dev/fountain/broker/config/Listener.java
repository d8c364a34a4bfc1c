package dev.fountain.broker.config;

import java.nio.file.Path;

/**
 * One listening socket, as a {@code listener <port> [<bind address>]} block of mosquitto.conf.
 *
 * @param port the TCP port; 0 picks a free one (read it back from the running broker)
 * @param bindAddress a host name or address to bind, or {@code null} for every interface
 * @param protocol what the socket speaks
 * @param socketDomain restricts an unbound or host-name listener to one address family, or
 *     {@code null} for both (Mosquitto's {@code socket_domain})
 * @param httpDir the directory a WebSocket listener serves plain HTTP requests from, or
 *     {@code null} to answer them 404 (Mosquitto's {@code http_dir})
 * @param tls the listener's TLS, or {@code null} for unencrypted connections
 */
public record Listener(int port, String bindAddress, Protocol protocol, SocketDomain socketDomain, Path httpDir,
        Tls tls) {

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

    /** An unencrypted listener that serves no files. */
    public Listener(int port, String bindAddress, Protocol protocol, SocketDomain socketDomain) {
        this(port, bindAddress, protocol, socketDomain, null, null);
    }

    /** A plain MQTT listener on {@code port}, bound to {@code bindAddress} (null: all interfaces). */
    public static Listener mqtt(int port, String bindAddress) {
        return new Listener(port, bindAddress, Protocol.MQTT, null);
    }

    /** An MQTT-over-WebSocket listener on {@code port}, bound to {@code bindAddress} (null: all interfaces). */
    public static Listener websockets(int port, String bindAddress) {
        return new Listener(port, bindAddress, Protocol.WEBSOCKETS, null);
    }

    public Listener withPort(int newPort) {
        return new Listener(newPort, bindAddress, protocol, socketDomain, httpDir, tls);
    }

    public Listener withBindAddress(String address) {
        return new Listener(port, address, protocol, socketDomain, httpDir, tls);
    }

    public Listener withProtocol(Protocol newProtocol) {
        return new Listener(port, bindAddress, newProtocol, socketDomain, httpDir, tls);
    }

    public Listener withSocketDomain(SocketDomain domain) {
        return new Listener(port, bindAddress, protocol, domain, httpDir, tls);
    }

    public Listener withHttpDir(Path directory) {
        return new Listener(port, bindAddress, protocol, socketDomain, directory, tls);
    }

    public Listener withTls(Tls settings) {
        return new Listener(port, bindAddress, protocol, socketDomain, httpDir, settings);
    }
}
