package dev.fountain.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fountain.broker.config.Listener.Protocol;
import dev.fountain.broker.config.Listener.SocketDomain;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigFileTest {

    @TempDir
    Path dir;

    // Defaults

    @Test
    void aFileThatSetsNothingKeepsMosquittosDefaults() throws Exception {
        Path file = file("mosquitto.conf", "# nothing but comments", "", "   ");

        BrokerConfig config = ConfigFile.load(file);

        assertThat(config.source()).isEqualTo(file);
        assertThat(config.listeners()).containsExactly(Listener.mqtt(1883, "127.0.0.1"), Listener.mqtt(1883, "::1"));
        assertThat(config.localOnly()).isTrue();
        assertThat(config.allowAnonymous()).isTrue();
        assertThat(config.passwordFile()).isNull();
        assertThat(config.aclFile()).isNull();
        assertThat(config.maxInflightMessages()).isEqualTo(20);
        assertThat(config.maxQueuedMessages()).isEqualTo(1000);
        // Fountain's own default, where Mosquitto has no limit (README, "What differs")
        assertThat(config.maxQueuedBytes()).isEqualTo(BrokerConfig.DEFAULT_MAX_QUEUED_BYTES);
        assertThat(config.memoryLimit()).isEqualTo(io.netty.util.internal.PlatformDependent.maxDirectMemory() / 2)
                .isPositive();
        assertThat(config.queueQos0Messages()).isFalse();
        assertThat(config.messageSizeLimit()).isZero();
        assertThat(config.maxPacketSize()).isEqualTo(BrokerConfig.DEFAULT_MAX_PACKET_SIZE);
        assertThat(config.maxKeepalive()).isEqualTo(65_535);
        assertThat(config.retainAvailable()).isTrue();
        assertThat(config.allowZeroLengthClientId()).isTrue();
        assertThat(config.autoIdPrefix()).isEqualTo("auto-");
        assertThat(config.maxConnections()).isEqualTo(-1);
        assertThat(config.persistentClientExpiration()).isNull();
        assertThat(config.connectionMessages()).isTrue();
        assertThat(config.logTypes()).isEqualTo(LogType.defaults());
        assertThat(config.logDestinations()).containsExactly(LogDestination.STDERR);
        assertThat(config.logTimestamp()).isTrue();
        assertThat(config.logTimestampFormat()).isNull();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void readKeepsWhatTheBuilderHadAndRecordsTheSource() throws Exception {
        Path file = file("mosquitto.conf", "max_queued_messages 5");
        BrokerConfig.Builder builder = BrokerConfig.builder().maxInflightMessages(7);

        BrokerConfig.Builder returned = ConfigFile.read(file, builder);

        BrokerConfig config = returned.build();
        assertThat(returned).isSameAs(builder);
        assertThat(config.source()).isEqualTo(file);
        assertThat(config.maxInflightMessages()).isEqualTo(7);
        assertThat(config.maxQueuedMessages()).isEqualTo(5);
    }

    // Syntax

    @Test
    void commentsBlankLinesAndSurroundingWhitespaceDoNotCount() throws Exception {
        Path file = dir.resolve("mosquitto.conf");
        Files.writeString(file, "# a comment\r\n\r\n  max_inflight_messages   10  \r\n\t\r\nmax_queued_messages 5\r\n",
                StandardCharsets.UTF_8);

        BrokerConfig config = ConfigFile.load(file);

        assertThat(config.maxInflightMessages()).isEqualTo(10);
        assertThat(config.maxQueuedMessages()).isEqualTo(5);
    }

    @Test
    void aCommentInLatin1DoesNotStopTheBroker() throws Exception {
        Path file = dir.resolve("mosquitto.conf");
        Files.write(file, "# caf\u00e9 broker\nmax_queued_messages 5\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(ConfigFile.load(file).maxQueuedMessages()).isEqualTo(5);
    }

    @Test
    void aTabMaySeparateKeyAndValue() throws Exception {
        assertThat(load("max_inflight_messages\t10").maxInflightMessages()).isEqualTo(10);
    }

    @Test
    void aCommentAfterAValueIsIgnoredAsMosquittoIgnoresIt() throws Exception {
        BrokerConfig config = load("listener 1883 # the usual port", "allow_anonymous true # for the demo");

        assertThat(config.listeners()).containsExactly(Listener.mqtt(1883, null));
        assertThat(config.allowAnonymous()).isTrue();
    }

    @Test
    void aCommentThatDoesNotStartTheLineIsAnError() {
        ConfigException e = error("max_inflight_messages 10", "  # indented");

        assertThat(e).hasMessage(conf() + ":2: a comment must start at the beginning of the line, "
                + "with nothing before '#'");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void wordsBeyondTheValueAreAnError() {
        ConfigException e = error("log_type error warning");

        assertThat(e).hasMessageStartingWith(conf() + ":1: log_type: expected one of error, warning, ")
                .hasMessageEndingWith(", found 'error warning'");
    }

    @Test
    void textValuesKeepTheirInnerSpaces() throws Exception {
        BrokerConfig config = load(
                "auto_id_prefix my prefix-",
                "log_timestamp_format %Y-%m-%d %H:%M:%S",
                "password_file /etc/my broker/passwd");

        assertThat(config.autoIdPrefix()).isEqualTo("my prefix-");
        assertThat(config.logTimestampFormat()).isEqualTo("%Y-%m-%d %H:%M:%S");
        assertThat(config.passwordFile()).isEqualTo(Path.of("/etc/my broker/passwd"));
    }

    // Listeners

    @Test
    void aListenerWithoutAnAddressListensOnEveryInterface() throws Exception {
        BrokerConfig config = load("listener 1884");

        assertThat(config.listeners()).containsExactly(Listener.mqtt(1884, null));
        assertThat(config.localOnly()).isFalse();
    }

    @Test
    void aListenerWithAnAddressBindsIt() throws Exception {
        assertThat(load("listener 1884 127.0.0.1").listeners()).containsExactly(Listener.mqtt(1884, "127.0.0.1"));
    }

    @Test
    void protocolAndSocketDomainRefineTheListenerAboveThem() throws Exception {
        BrokerConfig config = load(
                "listener 1883",
                "socket_domain ipv4",
                "listener 8080 localhost",
                "protocol websockets",
                "socket_domain ipv6",
                "listener 1884",
                "protocol mqtt");

        assertThat(config.listeners()).containsExactly(
                new Listener(1883, null, Protocol.MQTT, SocketDomain.IPV4),
                new Listener(8080, "localhost", Protocol.WEBSOCKETS, SocketDomain.IPV6),
                Listener.mqtt(1884, null));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void listenerPortZeroPicksAFreePort() throws Exception {
        assertThat(load("listener 0").listeners()).containsExactly(Listener.mqtt(0, null));
    }

    @Test
    void aUnixSocketListenerIsAnError() {
        assertThat(error("listener 0 /run/mosquitto.sock")).hasMessage(conf() + ":1: listener: Unix socket "
                + "listeners (port 0 and a path) are not supported yet, found '0 /run/mosquitto.sock'");
    }

    @ParameterizedTest
    @CsvSource({
        "listener 65536, 'expected a whole number from 0 to 65535, found ''65536'''",
        "listener mqtt, 'expected a whole number from 0 to 65535, found ''mqtt'''",
        "listener, 'expected a whole number from 0 to 65535, found nothing'",
        "listener 1883 127.0.0.1 ::1, 'expected a port and an optional bind address, found ''1883 127.0.0.1 ::1'''",
    })
    void aListenerLineThatIsNotAPortAndAnAddressIsAnError(String line, String problem) {
        assertThat(error(line)).hasMessage(conf() + ":1: listener: " + problem);
    }

    @Test
    void portOpensMosquittosDefaultListenerOnEveryInterface() throws Exception {
        BrokerConfig config = load("port 1884");

        assertThat(config.listeners()).containsExactly(Listener.mqtt(1884, null));
        assertThat(config.localOnly()).isFalse();
        assertThat(config.allowAnonymous()).isFalse();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void bindAddressBeforeAnyListenerBindsThePortListener() throws Exception {
        BrokerConfig config = load("bind_address 127.0.0.1", "port 1884", "protocol websockets");

        assertThat(config.listeners()).containsExactly(new Listener(1884, "127.0.0.1", Protocol.WEBSOCKETS, null));
    }

    @Test
    void bindAddressAloneOpensPort1883OnThatAddress() throws Exception {
        assertThat(load("bind_address 127.0.0.1").listeners()).containsExactly(Listener.mqtt(1883, "127.0.0.1"));
    }

    @Test
    void bindAddressAfterAListenerStillBindsTheDefaultListenerAndSaysSo() throws Exception {
        BrokerConfig config = load("listener 1884", "bind_address 127.0.0.1");

        assertThat(config.listeners()).containsExactly(Listener.mqtt(1884, null), Listener.mqtt(1883, "127.0.0.1"));
        assertThat(config.warnings()).containsExactly(conf() + ":2: bind_address: binds Mosquitto's default "
                + "listener (port 1883), not the listener on port 1884 above it; to bind that one, write "
                + "'listener 1884 127.0.0.1'");
    }

    @Test
    void theDefaultListenerOpensAfterTheOthersAsInMosquitto() throws Exception {
        BrokerConfig config = load("port 1885", "listener 1884 127.0.0.1");

        assertThat(config.listeners()).containsExactly(Listener.mqtt(1884, "127.0.0.1"), Listener.mqtt(1885, null));
    }

    @Test
    void portGivenTwiceKeepsTheLastAndSaysSo() throws Exception {
        BrokerConfig config = load("port 1884", "port 1885");

        assertThat(config.listeners()).containsExactly(Listener.mqtt(1885, null));
        assertThat(config.warnings())
                .containsExactly(conf() + ":2: port: given again after " + conf() + ":1; only the last port is "
                        + "used, as in Mosquitto");
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket_domain ipv4", "max_connections 10"})
    void listenerKeysBeforeAnyListenerOpenMosquittosDefaultListenerAndSaySo(String line) throws Exception {
        BrokerConfig config = load(line, "listener 1884 127.0.0.1");

        assertThat(config.listeners()).hasSize(2);
        assertThat(config.listeners().get(1).port()).isEqualTo(1883);
        assertThat(config.listeners().get(1).bindAddress()).isNull();
        String key = line.substring(0, line.indexOf(' '));
        assertThat(config.warnings()).contains(conf() + ":1: " + key + ": before any listener line this "
                + "configures Mosquitto's default listener, so port 1883 opens on all interfaces, as in Mosquitto; "
                + "put it after a listener line to configure that listener instead");
    }

    @Test
    void aConfiguredListenerDeniesAnonymousClientsUnlessTheFileAllowsThem() throws Exception {
        assertThat(load("listener 1884").allowAnonymous()).isFalse();
        assertThat(load("listener 1884", "allow_anonymous true").allowAnonymous()).isTrue();
        assertThat(load("allow_anonymous false").allowAnonymous()).isFalse();
    }

    @Test
    void maxConnectionsWithSeveralListenersSaysItLimitsThemTogether() throws Exception {
        BrokerConfig config = load("listener 1883", "max_connections 100", "listener 1884");

        assertThat(config.maxConnections()).isEqualTo(100);
        assertThat(config.warnings()).containsExactly(conf() + ":2: max_connections: limits each listener on its "
                + "own in Mosquitto; Fountain limits the clients of all 2 listeners together");
    }

    // Keys applied to the builder

    @Test
    void everyNumberKeyIsApplied() throws Exception {
        BrokerConfig config = load(
                "listener 1883",
                "max_inflight_messages 0",
                "max_queued_messages 100000",
                "max_queued_bytes 10000000000",
                "message_size_limit 268435455",
                "max_packet_size 20",
                "max_keepalive 120",
                "max_topic_levels 1000",
                "memory_limit 100000000",
                "max_connections -1",
                "max_connections 500",
                "sys_interval 0");

        assertThat(config.maxInflightMessages()).isZero();
        assertThat(config.maxQueuedMessages()).isEqualTo(100_000);
        assertThat(config.maxQueuedBytes()).isEqualTo(10_000_000_000L);
        assertThat(config.messageSizeLimit()).isEqualTo(268_435_455);
        assertThat(config.maxPacketSize()).isEqualTo(20);
        assertThat(config.maxKeepalive()).isEqualTo(120);
        assertThat(config.maxTopicLevels()).isEqualTo(1000);
        assertThat(config.memoryLimit()).isEqualTo(100_000_000L);
        assertThat(config.maxConnections()).isEqualTo(500);
        assertThat(config.sysIntervalSeconds()).isZero();
        assertThat(load("listener 1883").sysIntervalSeconds()).as("Mosquitto's default").isEqualTo(10);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void everyBooleanKeyIsApplied() throws Exception {
        BrokerConfig config = load(
                "allow_anonymous false",
                "queue_qos0_messages true",
                "retain_available false",
                "allow_zero_length_clientid false",
                "connection_messages false",
                "log_timestamp false");

        assertThat(config.allowAnonymous()).isFalse();
        assertThat(config.queueQos0Messages()).isTrue();
        assertThat(config.retainAvailable()).isFalse();
        assertThat(config.allowZeroLengthClientId()).isFalse();
        assertThat(config.connectionMessages()).isFalse();
        assertThat(config.logTimestamp()).isFalse();
    }

    @Test
    void booleansMayBeWrittenAsOneAndZeroAsMosquittoTakesThem() throws Exception {
        BrokerConfig config = load("queue_qos0_messages 1", "retain_available 0");

        assertThat(config.queueQos0Messages()).isTrue();
        assertThat(config.retainAvailable()).isFalse();
    }

    @Test
    void securityKeysAreApplied() throws Exception {
        BrokerConfig config = load(
                "listener 1883",
                "password_file /etc/mosquitto/passwd",
                "acl_file /etc/mosquitto/acl",
                "auto_id_prefix device-");

        assertThat(config.passwordFile()).isEqualTo(Path.of("/etc/mosquitto/passwd"));
        assertThat(config.aclFile()).isEqualTo(Path.of("/etc/mosquitto/acl"));
        assertThat(config.autoIdPrefix()).isEqualTo("device-");
    }

    @Test
    void aSecurityFileGivenTwiceKeepsTheLastAsMosquitto21Does() throws Exception {
        assertThat(load("password_file /a", "password_file /b").passwordFile()).isEqualTo(Path.of("/b"));
    }

    @ParameterizedTest
    @CsvSource({"90s, 90", "2h, 7200", "14d, 1209600", "1w, 604800", "1m, 2592000", "1y, 31536000"})
    void persistentClientExpirationTakesMosquittosUnits(String value, long seconds) throws Exception {
        assertThat(load("persistent_client_expiration " + value).persistentClientExpiration())
                .isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3600", "0d", "1.5d", "d", "2x", "-1d", "99999999999d"})
    void persistentClientExpirationWithoutAPositiveCountAndAUnitIsAnError(String value) {
        assertThat(error("persistent_client_expiration " + value)).hasMessage(conf()
                + ":1: persistent_client_expiration: expected a duration such as 2h, 14d, 1w, 1m (a month) or 1y, "
                + "found '" + value + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max_inflight_messages | ten      | expected a whole number from 0 to 65535, found 'ten'",
        "max_inflight_messages | 65536    | expected a whole number from 0 to 65535, found '65536'",
        "max_inflight_messages | -1       | expected a whole number from 0 to 65535, found '-1'",
        "max_queued_messages   | -1       | expected a whole number from 0 to 2147483647, found '-1'",
        "max_queued_bytes      | 1e6      | expected a whole number from 0 to 9223372036854775807, found '1e6'",
        "message_size_limit    | 268435456 | expected a whole number from 0 to 268435455, found '268435456'",
        "max_packet_size       | 19       | expected a whole number from 20 to 268435460, found '19'",
        "max_keepalive         | 65536    | expected a whole number from 0 to 65535, found '65536'",
        "max_topic_levels      | 0        | expected a whole number from 1 to 65536, found '0'",
        "max_connections       | -2       | expected a whole number from -1 to 2147483647, found '-2'",
        "port                  | 0        | expected a whole number from 1 to 65535, found '0'",
        "allow_anonymous       | yes      | expected true or false, found 'yes'",
        "protocol              | mqtts    | expected mqtt or websockets, found 'mqtts'",
        "socket_domain         | ipv5     | expected ipv4 or ipv6, found 'ipv5'",
        "require_certificate   | yes      | expected true or false, found 'yes'",
        "tls_version           | TLSv1.2  | expected one of tlsv1.3, tlsv1.2, tlsv1.1, found 'TLSv1.2'",
    })
    void aValueThatDoesNotFitItsKeyIsAnError(String key, String value, String problem) {
        ConfigException e = error("# a comment", key + " " + value);

        assertThat(e).hasMessage(conf() + ":2: " + key + ": " + problem);
        assertThat(e.file()).isEqualTo(conf());
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo(key);
    }

    @ParameterizedTest
    @MethodSource("appliedKeys")
    void anAppliedKeyWithoutAValueSaysWhatItExpected(String key) {
        ConfigException e = error(key);

        assertThat(e).hasMessageStartingWith(conf() + ":1: " + key + ": expected ")
                .hasMessageEndingWith(", found nothing");
    }

    static Stream<String> appliedKeys() {
        return MosquittoKeys.APPLIED.stream().sorted();
    }

    // Logging

    @Test
    void logTypesAddUpAndReplaceTheDefaults() throws Exception {
        BrokerConfig config = load("log_type error", "log_type subscribe", "log_type websockets");

        assertThat(config.logTypes()).containsExactlyInAnyOrder(LogType.ERROR, LogType.SUBSCRIBE, LogType.WEBSOCKETS);
    }

    @Test
    void logTypeAllLogsEverythingAndNoneStartsAgain() throws Exception {
        assertThat(load("log_type all").logTypes()).isEqualTo(LogType.all());
        assertThat(load("log_type all", "log_type none", "log_type warning").logTypes())
                .isEqualTo(EnumSet.of(LogType.WARNING));
    }

    @Test
    void logTypeNoneTurnsLoggingOff() throws Exception {
        BrokerConfig config = load("log_type none");

        assertThat(config.logTypes()).isEmpty();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void logTypeInternalIsIgnoredWithAWarning() throws Exception {
        BrokerConfig config = load("log_type error", "log_type internal");

        assertThat(config.logTypes()).containsExactly(LogType.ERROR);
        assertThat(config.warnings()).containsExactly(conf() + ":2: log_type: 'internal' (Mosquitto's own "
                + "debugging lines) has no counterpart in Fountain; ignored");
    }

    @Test
    void logDestinationsAddUpAndReplaceStderr() throws Exception {
        BrokerConfig config = load("log_dest stdout", "log_dest file /var/log/my broker.log");

        assertThat(config.logDestinations())
                .containsExactly(LogDestination.STDOUT, LogDestination.file(Path.of("/var/log/my broker.log")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"syslog", "topic", "dlt"})
    void unsupportedLogDestinationsLogToStderrWithAWarning(String destination) throws Exception {
        BrokerConfig config = load("log_dest " + destination, "log_dest stdout");

        assertThat(config.logDestinations()).containsExactly(LogDestination.STDERR, LogDestination.STDOUT);
        assertThat(config.warnings()).containsExactly(conf() + ":1: log_dest: '" + destination
                + "' is not supported yet; logging to stderr instead");
    }

    @Test
    void logDestNoneLeavesNoDestination() throws Exception {
        BrokerConfig config = load("log_dest stdout", "log_dest none");

        assertThat(config.logDestinations()).isEmpty();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void aSecondLogFileIsAnErrorAsInMosquitto() {
        assertThat(error("log_dest file /tmp/a.log", "log_dest file /tmp/b.log")).hasMessage(conf()
                + ":2: log_dest: only one log file is possible, and " + conf() + ":1 already names one");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "log_dest file     | expected a file name after 'file', found nothing",
        "log_dest syslogg  | expected one of stderr, stdout, file, syslog, topic, dlt, none, found 'syslogg'",
        "log_type everything | expected one of error, warning, notice, information, subscribe, unsubscribe, "
                + "debug, websockets, internal, all, none, found 'everything'",
    })
    void aLoggingValueMosquittoDoesNotKnowIsAnError(String line, String problem) {
        String key = line.substring(0, line.indexOf(' '));
        assertThat(error(line)).hasMessage(conf() + ":1: " + key + ": " + problem);
    }

    // include_dir

    @Test
    void includeDirReadsTheConfFilesInMosquittosOrderWhereTheLineIs() throws Exception {
        file("conf.d/b.conf", "listener 4");
        file("conf.d/B.conf", "listener 3");
        file("conf.d/a.conf", "listener 2");
        file("conf.d/A.conf", "listener 1");
        file("conf.d/c.CONF", "listener 9001");
        file("conf.d/.conf", "listener 9002");
        file("conf.d/notes.txt", "listener 9003");

        BrokerConfig config = load("listener 1000", "include_dir " + dir.resolve("conf.d"), "listener 2000");

        assertThat(config.listeners()).extracting(Listener::port).containsExactly(1000, 1, 2, 3, 4, 2000);
    }

    @Test
    void anErrorInAnIncludedFileNamesThatFileAndLine() throws Exception {
        Path included = file("conf.d/limits.conf", "max_queued_messages 10", "maxinflight 10");

        ConfigException e = error("include_dir " + dir.resolve("conf.d"));

        assertThat(e).hasMessageStartingWith(included + ":2: maxinflight: unknown configuration key");
        assertThat(e.file()).isEqualTo(included);
    }

    @Test
    void aMissingIncludeDirIsAnErrorNamingIt() {
        Path missing = dir.resolve("missing.d");

        assertThat(error("include_dir " + missing))
                .hasMessage(conf() + ":1: include_dir: cannot open directory '" + missing + "'");
    }

    @Test
    void includeDirInAnIncludedFileIsIgnoredWithAWarning() throws Exception {
        file("more.d/x.conf", "listener 2");
        Path included = file("conf.d/a.conf", "include_dir " + dir.resolve("more.d"), "listener 1");

        BrokerConfig config = load("include_dir " + dir.resolve("conf.d"));

        assertThat(config.listeners()).extracting(Listener::port).containsExactly(1);
        assertThat(config.warnings()).containsExactly(included + ":1: include_dir: ignored: only the main "
                + "configuration file can include a directory");
    }

    @Test
    void mosquittoOrderComparesIgnoringCaseThenPutsUpperCaseFirst() {
        List<String> names = new ArrayList<>(List.of("b.conf", "a.conf", "B.conf", "ab.conf", "A.conf", "a.confx"));

        names.sort(ConfigFile::mosquittoOrder);

        assertThat(names).containsExactly("A.conf", "a.conf", "a.confx", "ab.conf", "B.conf", "b.conf");
    }

    // Files

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("nope.conf");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(missing));

        assertThat(e).hasMessage(missing + ": no such configuration file");
        assertThat(e.file()).isEqualTo(missing);
    }

    @Test
    void aDirectoryIsNotAConfigurationFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(dir));

        assertThat(e).hasMessage(dir + ": is a directory, not a configuration file");
    }

    // TLS and http_dir

    @Test
    void tlsKeysConfigureTheListenerAboveThemInAnyOrder() throws Exception {
        Path cert = file("tls/server.crt", "certificate");
        Path key = file("tls/server.key", "key");
        Path ca = file("tls/ca.crt", "ca");

        BrokerConfig config = load(
                "listener 1883",
                "listener 8883",
                "keyfile " + key,
                "certfile " + cert,
                "cafile " + ca,
                "require_certificate true",
                "use_identity_as_username true",
                "tls_version tlsv1.3",
                "ciphers ECDHE-RSA-AES128-GCM-SHA256:TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "ciphers_tls1.3 TLS_AES_128_GCM_SHA256");

        assertThat(config.listeners().get(0).tls()).isNull();
        assertThat(config.listeners().get(1).tls()).isEqualTo(Tls.builder(cert, key).caFile(ca)
                .requireCertificate(true).username(Tls.Username.CERTIFICATE_COMMON_NAME)
                .minimumVersion(Tls.Version.TLS_1_3)
                .cipherSuites(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
                .tls13CipherSuites(List.of("TLS_AES_128_GCM_SHA256"))
                .build());
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void tlsDefaultsAreMosquittos() throws Exception {
        Path cert = file("server.crt", "certificate");
        Path key = file("server.key", "key");

        Tls tls = load("listener 8883", "certfile " + cert, "keyfile " + key).listeners().get(0).tls();

        assertThat(tls).isEqualTo(Tls.builder(cert, key).build());
        assertThat(tls.requireCertificate()).isFalse();
        assertThat(tls.username()).isEqualTo(Tls.Username.CONNECT);
        assertThat(tls.minimumVersion().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void capathAndUseSubjectAsUsernameAreApplied() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Path cert = file("server.crt", "certificate");
        Path key = file("server.key", "key");

        Tls tls = load("listener 8883", "certfile " + cert, "keyfile " + key, "capath " + certs,
                "require_certificate true", "use_subject_as_username true").listeners().get(0).tls();

        assertThat(tls.caPath()).isEqualTo(certs);
        assertThat(tls.username()).isEqualTo(Tls.Username.CERTIFICATE_SUBJECT);
    }

    @Test
    void tlsKeysBeforeAnyListenerConfigureMosquittosDefaultListener() throws Exception {
        Path cert = file("server.crt", "certificate");
        Path key = file("server.key", "key");

        BrokerConfig config = load("certfile " + cert, "keyfile " + key, "listener 1884");

        assertThat(config.listeners()).containsExactly(Listener.mqtt(1884, null),
                Listener.mqtt(1883, null).withTls(Tls.builder(cert, key).build()));
        assertThat(config.warnings()).containsExactly(conf() + ":1: certfile: before any listener line this "
                + "configures Mosquitto's default listener, so port 1883 opens on all interfaces, as in Mosquitto; "
                + "put it after a listener line to configure that listener instead");
    }

    @Test
    void tlsKeysThatRepeatTheDefaultsOpenNoListener() throws Exception {
        BrokerConfig config = load("require_certificate false", "use_identity_as_username false");

        assertThat(config.localOnly()).isTrue();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void aCertificateWithoutItsKeyIsAnErrorNamingTheLine() throws Exception {
        Path cert = file("server.crt", "certificate");

        assertThat(error("listener 8883", "certfile " + cert)).hasMessage(conf() + ":2: certfile: needs keyfile, the "
                + "private key of this certificate, on the same listener");
    }

    @Test
    void aKeyWithoutItsCertificateIsAnErrorNamingTheLine() throws Exception {
        Path key = file("server.key", "key");

        assertThat(error("listener 8883", "keyfile " + key, "listener 1883")).hasMessage(conf() + ":2: keyfile: "
                + "needs certfile, the certificate of this key, on the same listener");
    }

    @Test
    void tlsSettingsWithoutCertificateAndKeyAreAnErrorRatherThanAnUnencryptedListener() throws Exception {
        Path ca = file("ca.crt", "ca");

        assertThat(error("listener 8883", "tls_version tlsv1.2", "cafile " + ca)).hasMessage(conf() + ":2: "
                + "tls_version: needs certfile and keyfile on the same listener, which is not encrypted without them");
    }

    @Test
    void requireCertificateWithoutCaIsAnError() throws Exception {
        Path cert = file("server.crt", "certificate");
        Path key = file("server.key", "key");

        assertThat(error("listener 8883", "certfile " + cert, "keyfile " + key, "require_certificate true"))
                .hasMessage(conf() + ":4: require_certificate: needs cafile or capath on the same listener, the CA "
                        + "certificates to check client certificates against");
    }

    @ParameterizedTest
    @ValueSource(strings = {"use_identity_as_username", "use_subject_as_username"})
    void aUserNameFromTheCertificateNeedsRequireCertificate(String key) throws Exception {
        Path cert = file("server.crt", "certificate");
        Path keyFile = file("server.key", "key");

        assertThat(error("listener 8883", "certfile " + cert, "keyfile " + keyFile, key + " true"))
                .hasMessage(conf() + ":4: " + key + ": needs require_certificate true: without a client certificate "
                        + "there is no identity to use");
    }

    @Test
    void aTlsFileThatIsMissingOrADirectoryIsAnErrorNamingIt() {
        Path missing = dir.resolve("missing.crt");

        assertThat(error("listener 8883", "certfile " + missing))
                .hasMessage(conf() + ":2: certfile: cannot open '" + missing + "': no such file");
        assertThat(error("listener 8883", "cafile " + dir))
                .hasMessage(conf() + ":2: cafile: cannot open '" + dir + "': not a file");
        assertThat(error("listener 8883", "capath " + missing))
                .hasMessage(conf() + ":2: capath: cannot open directory '" + missing + "'");
    }

    @Test
    void tlsVersion11OffersTls12AndSaysSo() throws Exception {
        Path cert = file("server.crt", "certificate");
        Path key = file("server.key", "key");

        BrokerConfig config = load("listener 8883", "certfile " + cert, "keyfile " + key, "tls_version tlsv1.1");

        assertThat(config.listeners().get(0).tls().minimumVersion()).isEqualTo(Tls.Version.TLS_1_2);
        assertThat(config.warnings()).containsExactly(conf() + ":4: tls_version: the JDK turns TLS 1.1 off as "
                + "insecure, so the listener offers TLS 1.2 and 1.3, as with tlsv1.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HIGH:!aNULL", "DEFAULT", "ECDHE-RSA-AES128-GCM-SHA256:@STRENGTH", "CAMELLIA256-SHA"})
    void anOpensslCipherGroupOrUnknownNameIsAnErrorThatSaysWhatWorks(String ciphers) {
        assertThat(error("listener 8883", "ciphers " + ciphers)).hasMessageStartingWith(conf() + ":2: ciphers: '")
                .hasMessageEndingWith("' is not a cipher suite Fountain can name for Java: give suites one by one, by "
                        + "OpenSSL names such as ECDHE-RSA-AES128-GCM-SHA256 or Java names such as "
                        + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; OpenSSL's groups and operators (HIGH, !aNULL, "
                        + "@STRENGTH) have no Java counterpart");
    }

    @Test
    void httpDirIsServedByTheWebsocketsListenerItFollowsWhateverTheOrder() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));

        BrokerConfig config = load("listener 1883", "listener 8080", "http_dir " + www, "protocol websockets");

        assertThat(config.listeners()).containsExactly(Listener.mqtt(1883, null),
                Listener.websockets(8080, null).withHttpDir(www));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void httpDirOnAnMqttListenerIsIgnoredWithAWarning() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));

        BrokerConfig config = load("listener 1883", "http_dir " + www);

        assertThat(config.listeners()).containsExactly(Listener.mqtt(1883, null));
        assertThat(config.warnings()).containsExactly(conf() + ":2: http_dir: only a websockets listener serves "
                + "files; the mqtt listener on port 1883 ignores it");
    }

    @Test
    void aMissingHttpDirIsAnErrorNamingIt() {
        Path missing = dir.resolve("www");

        assertThat(error("listener 8080", "protocol websockets", "http_dir " + missing))
                .hasMessage(conf() + ":3: http_dir: cannot open directory '" + missing + "'");
    }

    @Test
    void thePortOfTheCommandLineKeepsTheListenersTlsAndFiles() throws Exception {
        Path cert = file("server.crt", "certificate");
        Path key = file("server.key", "key");
        Path www = Files.createDirectories(dir.resolve("www"));
        Path conf = file("mosquitto.conf", "listener 8080", "protocol websockets", "http_dir " + www,
                "certfile " + cert, "keyfile " + key);

        BrokerConfig config = ConfigFile.read(conf, BrokerConfig.builder()).overridePort(9001).build();

        assertThat(config.listeners()).containsExactly(
                Listener.websockets(9001, null).withHttpDir(www).withTls(Tls.builder(cert, key).build()));
    }

    // Keys Mosquitto does not know

    @Test
    void anUnknownKeyIsAnErrorThatSuggestsTheKeysItBegins() {
        ConfigException e = error("listener 1883", "", "maxinflight 10");

        assertThat(e).hasMessage(conf() + ":3: maxinflight: unknown configuration key; "
                + "did you mean max_inflight_bytes or max_inflight_messages?");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("maxinflight");
    }

    @ParameterizedTest
    @CsvSource({
        "allow_anonymus, allow_anonymous",
        "Listener, listener",
        "persistance, persistence",
        "max-keepalive, max_keepalive",
    })
    void aMisspeltKeySuggestsTheKeyItMeant(String typo, String meant) {
        assertThat(error(typo + " 1"))
                .hasMessage(conf() + ":1: " + typo + ": unknown configuration key; did you mean " + meant + "?");
    }

    @Test
    void anUnknownKeyFarFromEveryKnownOneGetsNoSuggestion() {
        assertThat(error("colour blue")).hasMessage(conf() + ":1: colour: unknown configuration key");
    }

    // Keys Mosquitto knows that Fountain does not apply yet

    @Test
    void keysFountainDoesNotApplyYetAreAcceptedWithAWarningNamingFileLineAndKey() throws Exception {
        BrokerConfig config = load("pid_file /run/mosquitto.pid", "max_qos 2", "listener 8883",
                "crlfile /etc/ca.crl");

        assertThat(config.warnings()).containsExactly(
                conf() + ":1: pid_file: has no effect in Fountain yet; Fountain writes no pid file",
                conf() + ":2: max_qos: has no effect in Fountain yet",
                conf() + ":4: crlfile: has no effect in Fountain yet; revocation lists are not read, so a revoked "
                        + "client certificate is still accepted");
    }

    @Test
    void persistenceKeysOfMosquittoAndFountainSetWhereAndHowDurably() throws Exception {
        BrokerConfig config = load("persistence true", "persistence_location /var/lib/fountain/",
                "persistence_file broker.db", "autosave_interval 600", "autosave_on_changes false",
                "persistence_sync always", "persistence_sync_interval 0.25", "persistence_size_limit 1000000");

        Persistence persistence = config.persistence();
        assertThat(persistence.enabled()).isTrue();
        assertThat(persistence.directory()).isEqualTo(Path.of("/var/lib/fountain/"));
        assertThat(persistence.fileName()).isEqualTo("broker.db");
        assertThat(persistence.autosaveInterval()).isEqualTo(600);
        assertThat(persistence.sync()).isEqualTo(Persistence.Sync.ALWAYS);
        assertThat(persistence.syncInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(persistence.sizeLimit()).isEqualTo(1_000_000);
        assertThat(config.warnings()).isEmpty();
        assertThat(BrokerConfig.builder().build().persistence().enabled()).as("off unless asked for").isFalse();
    }

    @Test
    void badPersistenceValuesNameFileLineAndKey() {
        assertThat(error("persistence_sync sometimes")).hasMessageStartingWith(conf() + ":1: persistence_sync:")
                .hasMessageContaining("always").hasMessageContaining("sometimes");
        assertThat(error("persistence_sync_interval soon")).hasMessageStartingWith(
                conf() + ":1: persistence_sync_interval:").hasMessageContaining("soon");
        assertThat(error("persistence true", "persistence_file ../elsewhere.db")).hasMessageStartingWith(
                conf() + ":2: persistence_file:").hasMessageContaining("without a directory");
    }

    @ParameterizedTest
    @MethodSource("keysFountainDoesNotApply")
    void everyOtherKeyMosquittoKnowsIsAccepted(String key) {
        assertThatCode(() -> load("connection cloud", "address 127.0.0.1", "topic # out", "plugin /usr/lib/plugin.so",
                key + " 1")).doesNotThrowAnyException();
    }

    static Stream<String> keysFountainDoesNotApply() {
        Stream<String> named = MosquittoKeys.names().stream()
                .filter(key -> !MosquittoKeys.APPLIED.contains(key) && !BridgeKeys.APPLIED.contains(key));
        return Stream.concat(named, Stream.of("plugin_opt_db_host", "auth_opt_backend"));
    }

    @Test
    void valuesThatAskForWhatFountainDoesAnywayRaiseNoWarning() throws Exception {
        BrokerConfig config = load(
                "set_tcp_nodelay true",
                "persistence false",
                "allow_duplicate_messages false",
                "upgrade_outgoing_qos false",
                "per_listener_settings false",
                "require_certificate false");

        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void otherValuesOfThoseKeysAreWarnedAbout() throws Exception {
        BrokerConfig config = load("set_tcp_nodelay false");

        assertThat(config.warnings()).containsExactly(conf() + ":1: set_tcp_nodelay: has no effect in Fountain yet; "
                + "Fountain always sets TCP_NODELAY and batches its writes instead");
    }

    @Test
    void aKeyFountainDoesNotApplyStillNeedsAValue() {
        assertThat(error("max_qos")).hasMessage(conf() + ":1: max_qos: expected a value, found nothing");
        assertThat(error("set_tcp_nodelay maybe"))
                .hasMessage(conf() + ":1: set_tcp_nodelay: expected true or false, found 'maybe'");
    }

    @Test
    void aPluginAndItsOptionsAreIgnoredWithOneWarning() throws Exception {
        BrokerConfig config = load(
                "plugin /usr/lib/mosquitto_dynamic_security.so",
                "plugin_opt_config_file /var/lib/mosquitto/dynamic-security.json");

        assertThat(config.warnings()).containsExactly(conf() + ":1: plugin: plugins are not supported by Fountain "
                + "yet; '/usr/lib/mosquitto_dynamic_security.so' and its options are ignored");
    }

    @Test
    void aPluginOptionWithoutAPluginIsAnErrorAsInMosquitto() {
        assertThat(error("plugin_opt_db_host localhost"))
                .hasMessage(conf() + ":1: plugin_opt_db_host: a plugin setting, only valid after a plugin line");
    }

    // per_listener_settings

    @Test
    void perListenerSettingsDeniesAnonymousAccessIfAnyListenerDoes() throws Exception {
        BrokerConfig config = load(
                "per_listener_settings true",
                "listener 1883 127.0.0.1",
                "allow_anonymous true",
                "listener 8883",
                "allow_anonymous false",
                "password_file /etc/mosquitto/passwd");

        assertThat(config.allowAnonymous()).isFalse();
        assertThat(config.passwordFile()).isEqualTo(Path.of("/etc/mosquitto/passwd"));
        assertThat(config.warnings()).containsExactly(conf() + ":1: per_listener_settings: Fountain applies the "
                + "security settings to every listener: anonymous access is denied if any listener denies it, and "
                + "different password or ACL files are an error");
    }

    @Test
    void perListenerSettingsWithDifferentAclFilesIsAnError() {
        ConfigException e = error(
                "per_listener_settings true",
                "listener 1883",
                "acl_file /etc/mosquitto/internal.acl",
                "listener 8883",
                "acl_file /etc/mosquitto/public.acl");

        assertThat(e).hasMessage(conf() + ":5: acl_file: per_listener_settings is true, but Fountain applies one "
                + "acl_file to every listener, and " + conf() + ":3 names '/etc/mosquitto/internal.acl'");
    }

    private Path conf() {
        return dir.resolve("mosquitto.conf");
    }

    private BrokerConfig load(String... lines) throws ConfigException, IOException {
        return ConfigFile.load(file("mosquitto.conf", lines));
    }

    private ConfigException error(String... lines) {
        return assertThrows(ConfigException.class, () -> load(lines));
    }

    private Path file(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }
}
