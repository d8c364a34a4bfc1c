// mqtt:package wrote one jar with everything in it; `java -jar` on it runs the handler and the
// broker, started from another directory.
import java.util.zip.ZipFile

def it = evaluate(new File(support))
def jar = new File(basedir, 'target/package-runs-1.0-app.jar')
assert jar.file: "mqtt:package did not write ${jar}"

new ZipFile(jar).withCloseable { zip ->
    def names = zip.entries().collect { it.name }
    assert names.contains('garden/Fountains.class')
    assert names.contains('dev/fountain/app/Fountain.class')
    assert names.contains('META-INF/native/libnetty_transport_native_epoll_x86_64.so')
    assert !names.any { it ==~ /META-INF\/[^\/]+\.(SF|DSA|RSA|EC)/ || it.endsWith('module-info.class') }
    def routes = zip.getInputStream(zip.getEntry('META-INF/services/dev.fountain.app.RouteTable')).text
    assert routes.readLines().any { it.startsWith('garden.') }: routes
    def manifest = zip.getInputStream(zip.getEntry('META-INF/MANIFEST.MF')).text
    assert manifest.contains('Main-Class: dev.fountain.app.Fountain')
    assert manifest.contains('Multi-Release: true')
}
def log = new File(basedir, 'build.log').text
assert log.contains('package-runs-1.0-app.jar')

if (System.getProperty('os.name') == 'Linux' && System.getProperty('os.arch') in ['amd64', 'x86_64']) {
    def check = it.java(basedir, ['-cp', jar.absolutePath, 'EpollCheck.java'])
    try {
        check.await('epoll available: true', 60)
    } finally {
        check.kill()
    }
}

def elsewhere = new File(basedir, 'target/run-elsewhere')
elsewhere.mkdirs()
// -h names the command a user typed, not the class inside the jar
def help = it.java(elsewhere, ['-jar', jar.absolutePath, '-h'])
try {
    help.await('Usage: java -jar package-runs-1.0-app.jar', 60)
} finally {
    help.kill()
}

int port = it.freePort()
def app = it.java(elsewhere, ['-jar', jar.absolutePath, '-p', port as String])
try {
    it.timing(basedir, 'java -jar -> listen socket open', app.await("listen socket on port ${port}.", 60))
    it.timing(basedir, 'java -jar -> application started', app.await('Fountain application started', 60))

    def client = it.connect(port, 'package-runs')
    try {
        client.subscribe('home/garden/status')
        client.publish('home/garden/fountain/2', 'on')
        assert client.receive().payload == 'fountain 2 is on'
    } finally {
        client.close()
    }
    app.stopGracefully()
    it.assertPortFree(port)
} finally {
    app.kill()
}
true
