// mvn mqtt:run -Dmqtt.url=...: no embedded broker starts; the handlers are clients of the broker at
// the URL (a Fountain broker this script runs, standing for the team's), and a saved change is
// compiled and reloaded onto the same broker.
import dev.fountain.broker.Broker

def it = evaluate(new File(support))
int port = it.freePort()
def broker = Broker.builder().port(port).build().start()
def source = new File(basedir, 'src/main/java/garden/Ping.java')
String v1 = source.text
def run = it.maven(basedir, ['mqtt:run', "-Dmqtt.url=mqtt://127.0.0.1:${port}".toString()])
def client = null
try {
    long started = run.await("Fountain dev mode: application started (version 1)", 90)
    it.timing(basedir, 'mvn mqtt:run -Dmqtt.url -> started', started)
    run.await("client of mqtt://127.0.0.1:${port}.", 5)
    assert !run.output.contains('listen socket'): "The application opened a listener of its own:\n${run.tail()}"

    client = it.connect(port, 'run-against-broker')
    client.subscribe('garden/pong')
    client.publish('garden/ping', 'one')
    assert client.receive().payload == 'v1 one'

    int mark = run.mark()
    long saved = System.nanoTime()
    source.text = v1.replace('"v1 "', '"v2 "')
    run.await('Reloaded in', 60, mark)
    it.timing(basedir, 'save -> Reloaded (seen by the test)', (System.nanoTime() - saved).intdiv(1_000_000))

    client.publish('garden/ping', 'two')
    assert client.receive().payload == 'v2 two'
    client.close()
    client = null

    run.stopGracefully()
} finally {
    client?.socket?.close()
    run.kill()
    broker.close()
    source.text = v1
}
true
