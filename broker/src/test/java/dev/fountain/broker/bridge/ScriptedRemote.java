package dev.fountain.broker.bridge;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A remote broker that does only what a test scripts, to see a bridge's packets on the wire: it
 * answers CONNECT with a CONNACK that accepts, a QoS 1 PUBLISH with PUBACK, SUBSCRIBE with a SUBACK
 * granting QoS 0 and UNSUBSCRIBE with an UNSUBACK, and records every packet; it answers PINGREQ
 * only if told to, and can refuse the bridge protocol level as a broker that does not know it
 * does (3.1.1 return code 1). Each connection is served on a thread of its own.
 */
final class ScriptedRemote implements AutoCloseable {

    /** A packet as the bridge sent it: its first byte and what follows the Remaining Length. */
    record Packet(int connection, int header, byte[] body) {
        int type() {
            return header >> 4;
        }
    }

    static final int CONNECT = 1;
    static final int PUBLISH = 3;
    static final int SUBSCRIBE = 8;
    static final int UNSUBSCRIBE = 10;
    static final int PINGREQ = 12;

    private final ServerSocket server;
    private final boolean answerPings;
    private final boolean refusePrivateLevel;
    private final List<Packet> packets = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int connections;

    ScriptedRemote(boolean answerPings) throws IOException {
        this(answerPings, false);
    }

    ScriptedRemote(boolean answerPings, boolean refusePrivateLevel) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.answerPings = answerPings;
        this.refusePrivateLevel = refusePrivateLevel;
        Thread acceptor = new Thread(this::accept, "scripted-remote");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Packet> packets() {
        return packets;
    }

    long count(int type) {
        return packets.stream().filter(p -> p.type() == type).count();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int connection = ++connections;
                Thread reader = new Thread(() -> serve(socket, connection), "scripted-remote-" + connection);
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                int header = in.readUnsignedByte();
                int length = 0;
                int shift = 0;
                int digit;
                do {
                    digit = in.readUnsignedByte();
                    length |= (digit & 0x7F) << shift;
                    shift += 7;
                } while ((digit & 0x80) != 0);
                byte[] body = new byte[length];
                in.readFully(body);
                Packet packet = new Packet(connection, header, body);
                packets.add(packet);
                if (packet.type() == CONNECT && refusePrivateLevel && (body[6] & 0x80) != 0) {
                    out.write(new byte[] {0x20, 2, 0, 1});
                    out.flush();
                    return;
                }
                switch (packet.type()) {
                    case CONNECT -> out.write(new byte[] {0x20, 2, 0, 0});
                    case PUBLISH -> {
                        int topicLength = (body[0] & 0xFF) << 8 | body[1] & 0xFF;
                        if ((header >> 1 & 3) == 1) {
                            out.write(new byte[] {0x40, 2, body[2 + topicLength], body[3 + topicLength]});
                        }
                    }
                    case SUBSCRIBE -> out.write(new byte[] {(byte) 0x90, 3, body[0], body[1], 0});
                    case UNSUBSCRIBE -> out.write(new byte[] {(byte) 0xB0, 2, body[0], body[1]});
                    case PINGREQ -> {
                        if (answerPings) {
                            out.write(new byte[] {(byte) 0xD0, 0});
                        }
                    }
                    default -> {
                        // Recorded only.
                    }
                }
                out.flush();
            }
        } catch (EOFException | java.net.SocketException gone) {
            // The bridge closed the connection.
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
