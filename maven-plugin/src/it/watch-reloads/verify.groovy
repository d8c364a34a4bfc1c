// With mqtt:run going: a compile error leaves the running version answering; a good change is
// compiled and reloaded on the same broker, so the client stays connected, the new code answers,
// and a retained message published before the reload is still there after it.
def it = evaluate(new File(support))
int port = it.freePort()
def source = new File(basedir, 'src/main/java/garden/Ping.java')
String v1 = source.text
def run = it.maven(basedir, ['mqtt:run', "-Dmqtt.port=${port}".toString()])
def client = null
try {
    long started = run.await('Fountain dev mode: application started', 90)
    it.timing(basedir, 'mvn mqtt:run -> application started', started)

    client = it.connect(port, 'watch-reloads')
    client.subscribe('garden/pong')
    client.publish('garden/config', 'kept across reloads', true)
    client.publish('garden/ping', 'one')
    assert client.receive().payload == 'v1 one'

    int mark = run.mark()
    source.text = v1.replace('return "v1 " + payload;', 'return "v1 " + payload') // no semicolon
    run.await('Compile error; the running version stays', 60, mark)
    client.publish('garden/ping', 'two')
    assert client.receive().payload == 'v1 two'

    mark = run.mark()
    long saved = System.nanoTime()
    source.text = v1.replace('"v1 "', '"v2 "')
    run.await('Reloaded in', 60, mark)
    it.timing(basedir, 'save -> Reloaded (seen by the test)', (System.nanoTime() - saved).intdiv(1_000_000))
    def reported = run.output.substring(mark) =~ /Reloaded in (\d+) ms from the change \(compile (\d+) ms\)/
    assert reported.find(): run.tail()
    it.timing(basedir, 'change -> Reloaded (as mqtt:run reports it)', reported.group(1) as long)
    it.timing(basedir, '  of which the compile', reported.group(2) as long)

    client.publish('garden/ping', 'three')
    assert client.receive().payload == 'v2 three'

    // Save to serving, five times: a one-line change to the handler, timed from the write until the
    // new version answers a ping.
    List<Long> servingMillis = []
    for (int version = 3; version <= 7; version++) {
        mark = run.mark()
        saved = System.nanoTime()
        source.text = v1.replace('"v1 "', "\"v${version} \"")
        run.await('Reloaded in', 60, mark)
        client.publish('garden/ping', "check ${version}".toString())
        assert client.receive().payload == "v${version} check ${version}"
        servingMillis << (System.nanoTime() - saved).intdiv(1_000_000)
    }
    servingMillis.sort()

    // A new handler method: the annotation processor runs in the reload's compile too.
    mark = run.mark()
    source.text = v1.replace('    @Subscribe("garden/ping")', '''    @Subscribe("garden/echo")
    @Publish("garden/pong")
    String echo(String payload) {
        return "echo " + payload;
    }

    @Subscribe("garden/ping")''')
    run.await('Reloaded in', 60, mark)
    client.publish('garden/echo', 'hello')
    assert client.receive().payload == 'echo hello'
    it.timing(basedir, "save -> serving, median of 5 (${servingMillis.join(' ')})", servingMillis[2])

    def late = it.connect(port, 'late-subscriber')
    try {
        late.subscribe('garden/config')
        def retained = late.receive()
        assert retained.payload == 'kept across reloads' && retained.retain
    } finally {
        late.close()
    }
    client.close()
    client = null

    run.stopGracefully()
    it.assertPortFree(port)
} finally {
    client?.socket?.close()
    run.kill()
    source.text = v1
}
true
