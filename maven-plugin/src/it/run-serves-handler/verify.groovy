// mvn mqtt:run compiles and starts the application; a message to home/garden/fountain/2 reaches
// its handler; SIGTERM to Maven (what Ctrl-C does) stops the application and frees the port.
def it = evaluate(new File(support))
int port = it.freePort()
def run = it.maven(basedir, ['mqtt:run', "-Dmqtt.port=${port}".toString()])
try {
    long started = run.await('Fountain dev mode: application started', 90)
    it.timing(basedir, 'mvn mqtt:run -> application started', started)
    run.await("broker on port ${port}.", 5)

    def client = it.connect(port, 'run-serves-handler')
    try {
        client.publish('home/garden/fountain/2', 'on')
    } finally {
        client.close()
    }
    def written = new File(basedir, 'target/fountain-2.txt')
    long deadline = System.nanoTime() + 20_000_000_000L
    while (!(written.file && written.text == 'on') && System.nanoTime() < deadline) {
        Thread.sleep(50)
    }
    assert written.file && written.text == 'on': "The handler did not write ${written}. Last lines:\n${run.tail()}"
    run.await('fountain 2: on', 10)

    run.stopGracefully()
    it.assertPortFree(port)
} finally {
    run.kill()
}
true
