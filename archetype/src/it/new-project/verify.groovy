// From a folder with no project in it to a handler firing, in the README's commands:
//   1. mvn archetype:generate -DarchetypeGroupId=dev.fountain -DarchetypeArtifactId=fountain-archetype ...
//      (the invoker's build, with test.properties)
//   2. mvn verify      in the new project: its test runs on JUnit 6 and passes, and the runnable jar is written
//   3. mvn mqtt:run    and a reading published on home/kitchen/temperature reaches the handler, which
//                      logs it and publishes an alert
import groovy.xml.XmlSlurper
import java.util.concurrent.TimeUnit

def it = evaluate(new File(support))
def project = new File(basedir, 'thermostat')
def pom = new File(project, 'pom.xml')
assert pom.file: "archetype:generate wrote no ${pom}"

// The pom a user reads first: short, and with every version filled in.
def content = pom.readLines().findAll { line ->
    def text = line.trim()
    !text.isEmpty() && !text.startsWith('<!--') && !text.startsWith('-->') && !text.endsWith('-->') && !text.startsWith('<?xml')
}
assert content.size() <= 30: "The generated pom has ${content.size()} lines besides comments:\n${pom.text}"
assert !pom.text.contains('@'): "A build-time value was not filled in:\n${pom.text}"
assert pom.text.contains("<fountain.version>${archetypeVersion}</fountain.version>")

// The README shows this pom to explain it line by line: it must be the one a user gets.
def shown = new File(readme).text.split('```xml\n').collect { it.split('\n```')[0] }.find { it.contains('<artifactId>thermostat</artifactId>') }
assert shown == pom.text.trim(): "README.md shows another pom than the archetype generates:\n${pom.text}"

// The BOM spells out the versions fountain-parent builds with; they must not drift apart.
def parent = new XmlSlurper().parse(new File(parentPom)).properties
def bom = new XmlSlurper().parse(new File(bomPom)).properties
['netty.version', 'guava.version', 'slf4j.version'].each { key ->
    assert bom."${key}".text() == parent."${key}".text(): "fountain-bom's ${key} is ${bom."${key}"}, fountain-parent's ${parent."${key}"}"
}

Closure<Long> finish = { Object build, int seconds ->
    if (!build.process.waitFor(seconds, TimeUnit.SECONDS)) {
        build.kill()
        throw new AssertionError("${build.name} did not finish within ${seconds} s. Its last lines:\n${build.tail()}")
    }
    build.process.waitFor() // the output thread has read everything once the process is gone
    assert build.process.exitValue() == 0: "${build.name} failed. Its last lines:\n${build.tail(80)}"
    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - build.startNanos)
}

def verify = it.maven(project, ['verify'])
it.timing(basedir, 'mvn verify (generated project)', finish(verify, 300))
def reports = new File(project, 'target/surefire-reports').listFiles().findAll { it.name ==~ /TEST-.*\.xml/ }
assert reports: "mvn verify wrote no test report. Its last lines:\n${verify.tail()}"
def suites = reports.collect { new XmlSlurper().parse(it) }
int run = suites.sum { it.@tests.toInteger() }
int failed = suites.sum { it.@failures.toInteger() + it.@errors.toInteger() + it.@skipped.toInteger() }
assert run >= 1 && failed == 0: "Tests run: ${run}, failed, in error or skipped: ${failed}"
def classPath = suites[0].properties.property.find { it.@name == 'surefire.test.class.path' }.@value.text()
assert classPath.contains('junit-jupiter-engine-6.'): "The tests did not run on JUnit 6: ${classPath}"
assert new File(project, 'target/thermostat-1.0-SNAPSHOT-app.jar').file: 'mvn package wrote no runnable jar'

int port = it.freePort()
def dev = it.maven(project, ['mqtt:run', "-Dmqtt.port=${port}".toString()])
try {
    // The reading is retained, so it reaches the handler whether it subscribes before or after it
    // is published: no need to know when the application has started.
    def client = null
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120)
    while (client == null) {
        try {
            client = it.connect(port, 'new-project-it')
        } catch (ConnectException e) {
            assert dev.process.alive: "mvn mqtt:run exited before its broker listened. Its last lines:\n${dev.tail()}"
            assert System.nanoTime() < deadline: "Nothing listened on ${port} within 120 s. Last lines:\n${dev.tail()}"
            Thread.sleep(100)
        }
    }
    try {
        client.subscribe('home/alerts')
        client.publish('home/kitchen/temperature', '31.5', true)
        def alert = client.receive(60)
        assert alert.topic == 'home/alerts' && alert.payload == 'kitchen is too hot: 31.5 degrees'
        it.timing(basedir, 'mvn mqtt:run -> handler fired', TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dev.startNanos))
    } finally {
        client.close()
    }
    dev.await('kitchen is at 31.5 degrees', 10)
    dev.stopGracefully()
    it.assertPortFree(port)
} finally {
    dev.kill()
}
true
