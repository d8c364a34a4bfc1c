// mvn mqtt:run went through the modules that are not applications, said why for each, and ended.
def log = new File(basedir, 'build.log').text
assert log.contains('Skipping mqtt:run: skip-without-plugin has packaging pom, so there is no application to run.')
assert log.contains('Skipping mqtt:run: lib does not declare dev.fountain:mqtt-maven-plugin in build/plugins.')
assert !log.contains('Fountain dev mode')
true
