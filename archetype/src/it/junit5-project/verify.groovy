// A new project on JUnit 5 builds and its test passes: the user changes the JUnit version in the
// generated pom, as a project on Spring Boot 3's JUnit (5.11) would, and runs mvn verify.
import groovy.xml.XmlSlurper
import java.util.concurrent.TimeUnit

def it = evaluate(new File(support))
def project = new File(basedir, 'on-junit5')
def pom = new File(project, 'pom.xml')
def junit = ~/(<artifactId>junit-jupiter<\/artifactId><version>)[^<]+(<\/version>)/
assert pom.text =~ junit: "The generated pom names no junit-jupiter version:\n${pom.text}"
pom.text = pom.text.replaceFirst(junit, "\$1${junit5Version}\$2")

def verify = it.maven(project, ['verify'])
if (!verify.process.waitFor(300, TimeUnit.SECONDS)) {
    verify.kill()
    throw new AssertionError("mvn verify did not finish within 300 s. Its last lines:\n${verify.tail()}")
}
assert verify.process.exitValue() == 0: "mvn verify failed on JUnit ${junit5Version}. Its last lines:\n${verify.tail(80)}"
it.timing(basedir, "mvn verify on JUnit ${junit5Version}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - verify.startNanos))

def reports = new File(project, 'target/surefire-reports').listFiles().findAll { it.name ==~ /TEST-.*\.xml/ }
assert reports: "mvn verify wrote no test report. Its last lines:\n${verify.tail()}"
def suites = reports.collect { new XmlSlurper().parse(it) }
int run = suites.sum { it.@tests.toInteger() }
int failed = suites.sum { it.@failures.toInteger() + it.@errors.toInteger() + it.@skipped.toInteger() }
assert run >= 1 && failed == 0: "Tests run: ${run}, failed, in error or skipped: ${failed}"
def classPath = suites[0].properties.property.find { it.@name == 'surefire.test.class.path' }.@value.text()
assert classPath.contains("junit-jupiter-engine-${junit5Version}.jar") && !classPath.contains('junit-jupiter-api-6.'):
        "The tests did not run on JUnit ${junit5Version} alone: ${classPath}"
true
