// What the integration tests' scripts share: background processes with bounded waits that fail
// with the tail of their output, free ports, and a raw MQTT 3.1.1 client over a java.net.Socket
// (a few packets written by hand, so that the tests need no client library).
//
// A verify.groovy loads it with: def it = evaluate(new File(support))

import java.nio.charset.StandardCharsets
import java.util.concurrent.TimeUnit

class Background {
    final String name
    final Process process
    final StringBuffer output = new StringBuffer()
    final long startNanos = System.nanoTime()
    private final File log

    Background(String name, List<String> command, File directory, File log) {
        this.name = name
        this.log = log
        log.parentFile.mkdirs()
        log.text = ''
        process = new ProcessBuilder(command).directory(directory).redirectErrorStream(true).start()
        Thread.start("${name}-output".toString()) {
            process.inputStream.withReader('UTF-8') { reader ->
                String line
                while ((line = reader.readLine()) != null) {
                    output.append(line).append('\n')
                    log << line << '\n'
                }
            }
        }
    }

    /** Where the output stands now: pass it to await to wait only for what comes after. */
    int mark() {
        output.length()
    }

    /** Waits for text in the output after mark; returns the milliseconds since the process started. */
    long await(String text, int seconds, int from = 0) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (System.nanoTime() < deadline) {
            if (output.indexOf(text, from) >= 0) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
            }
            if (!process.alive) {
                Thread.sleep(200) // the last lines may still be on their way through the pipe
                if (output.indexOf(text, from) >= 0) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
                }
                throw new AssertionError("${name} exited with status ${process.exitValue()} before printing '${text}'."
                        + " Its last lines:\n${tail()}")
            }
            Thread.sleep(50)
        }
        throw new AssertionError("${name} did not print '${text}' within ${seconds} s. Its last lines:\n${tail()}")
    }

    String tail(int lines = 40) {
        def all = output.toString().readLines()
        all.subList(Math.max(0, all.size() - lines), all.size()).join('\n')
    }

    /**
     * Stops the process the way Ctrl-C stops Maven, with a signal that runs its shutdown hooks, but
     * sent to it alone (SIGTERM): the processes it started must end because it ends them. Checks
     * that they all do within the time given.
     */
    void stopGracefully(int seconds = 30) {
        List<ProcessHandle> children = process.toHandle().descendants().toList()
        process.destroy()
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("${name} did not exit within ${seconds} s of SIGTERM. Its last lines:\n${tail()}")
        }
        children.each { child ->
            try {
                child.onExit().get(seconds, TimeUnit.SECONDS)
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("${name}'s child ${child.pid()} (${child.info().command().orElse('?')})"
                        + " outlived it by ${seconds} s. Last lines:\n${tail()}")
            }
        }
    }

    /** For finally blocks: whatever is still running, kill it, children first. */
    void kill() {
        process.toHandle().descendants().each { it.destroyForcibly() }
        process.destroyForcibly()
        process.waitFor(10, TimeUnit.SECONDS)
    }
}

class Mqtt implements Closeable {
    final Socket socket
    private final DataInputStream input
    private final OutputStream out

    private Mqtt(Socket socket) {
        this.socket = socket
        this.input = new DataInputStream(new BufferedInputStream(socket.inputStream))
        this.out = socket.outputStream
    }

    /** CONNECT with a clean session, and check that CONNACK accepts it. */
    static Mqtt connect(int port, String clientId) {
        def mqtt = new Mqtt(new Socket(InetAddress.loopbackAddress, port))
        mqtt.socket.soTimeout = 10_000
        def body = new ByteArrayOutputStream()
        body.write(utf8('MQTT'))
        body.write([4, 0x02, 0, 60] as byte[]) // level 4 (3.1.1), clean session, keep alive 60 s
        body.write(utf8(clientId))
        mqtt.send(0x10, body.toByteArray())
        def connack = mqtt.read()
        assert connack.type == 2 && connack.body[1] == 0: "CONNACK refused the connection: ${connack}"
        mqtt
    }

    void publish(String topic, String payload, boolean retain = false) {
        def body = new ByteArrayOutputStream()
        body.write(utf8(topic))
        body.write(payload.getBytes(StandardCharsets.UTF_8))
        send(0x30 | (retain ? 1 : 0), body.toByteArray())
    }

    /** SUBSCRIBE at QoS 0, waiting for SUBACK. */
    void subscribe(String filter) {
        def body = new ByteArrayOutputStream()
        body.write([0, 1] as byte[])
        body.write(utf8(filter))
        body.write(0)
        send(0x82, body.toByteArray())
        def suback = read()
        while (suback.type != 9) {
            suback = read()
        }
        assert suback.body[2] == 0: "SUBACK refused ${filter}: ${suback}"
    }

    /** The next PUBLISH that arrives within seconds: [topic, payload, retain]. */
    Map receive(int seconds = 20) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (System.nanoTime() < deadline) {
            def packet
            try {
                packet = read()
            } catch (SocketTimeoutException e) {
                continue
            }
            if (packet.type == 3) {
                def body = packet.body as byte[]
                int length = ((body[0] & 0xff) << 8) | (body[1] & 0xff)
                String topic = new String(body, 2, length, StandardCharsets.UTF_8)
                int qos = (packet.flags >> 1) & 3
                int start = 2 + length + (qos > 0 ? 2 : 0)
                return [topic  : topic,
                        payload: new String(body, start, body.length - start, StandardCharsets.UTF_8),
                        retain : (packet.flags & 1) == 1]
            }
        }
        throw new AssertionError("No PUBLISH arrived within ${seconds} s")
    }

    void close() {
        try {
            send(0xE0, new byte[0])
        } finally {
            socket.close()
        }
    }

    private void send(int header, byte[] body) {
        def packet = new ByteArrayOutputStream()
        packet.write(header)
        int remaining = body.length
        while (true) { // MQTT's variable-length integer, seven bits a byte
            int digit = remaining % 128
            remaining = remaining.intdiv(128)
            packet.write(remaining > 0 ? digit | 0x80 : digit)
            if (remaining == 0) {
                break
            }
        }
        packet.write(body)
        out.write(packet.toByteArray())
        out.flush()
    }

    private Map read() {
        int first = input.readUnsignedByte()
        int remaining = 0
        int multiplier = 1
        int digit
        while (true) {
            digit = input.readUnsignedByte()
            remaining += (digit & 0x7f) * multiplier
            multiplier *= 128
            if ((digit & 0x80) == 0) {
                break
            }
        }
        byte[] body = new byte[remaining]
        input.readFully(body)
        [type: first >> 4, flags: first & 0x0f, body: body]
    }

    private static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8)
        def out = new ByteArrayOutputStream()
        out.write(bytes.length >> 8)
        out.write(bytes.length & 0xff)
        out.write(bytes)
        out.toByteArray()
    }
}

class ItSupport {
    final String mavenHome
    final String javaHome
    final File localRepository
    private boolean timed

    ItSupport(String mavenHome, String javaHome, File localRepository) {
        this.mavenHome = mavenHome
        this.javaHome = javaHome
        this.localRepository = localRepository
    }

    /** Maven as a developer runs it, offline against the repository the invoker prepared. */
    Background maven(File project, List<String> args) {
        def command = ["${mavenHome}/bin/mvn".toString(), '-B', '-o', "-Dmaven.repo.local=${localRepository}".toString()]
        command.addAll(args)
        new Background('mvn ' + args.join(' '), command, project, new File(project, 'target/background-mvn.log'))
    }

    Background java(File directory, List<String> args) {
        def command = ["${javaHome}/bin/java".toString()]
        command.addAll(args)
        new Background('java ' + args.join(' '), command, directory, new File(directory, 'background-java.log'))
    }

    /** An MQTT connection to the broker on the loopback port. */
    Mqtt connect(int port, String clientId) {
        Mqtt.connect(port, clientId)
    }

    static int freePort() {
        new ServerSocket(0, 0, InetAddress.loopbackAddress).withCloseable { it.localPort }
    }

    /** Asserts that nothing listens on the port any more, allowing a few seconds for it to close. */
    static void assertPortFree(int port, int seconds = 10) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (true) {
            try {
                new ServerSocket(port, 0, InetAddress.loopbackAddress).close()
                return
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Port ${port} is still bound ${seconds} s after the application was stopped")
                }
                Thread.sleep(100)
            }
        }
    }

    /** Records a measurement in the project's timings.txt (this run's only), and prints it. */
    void timing(File project, String what, long millis) {
        def line = String.format('%-20s %-44s %6d ms', project.name, what, millis)
        println line
        def file = new File(project, 'timings.txt')
        if (!timed) {
            file.text = ''
            timed = true
        }
        file << line << '\n'
    }
}

new ItSupport(mavenHome, javaHome, localRepositoryPath as File)
