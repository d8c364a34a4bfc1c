package dev.fountain.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fountain.broker.config.Bridge.Address;
import dev.fountain.broker.config.Bridge.ProtocolVersion;
import dev.fountain.broker.config.Bridge.RestartTimeout;
import dev.fountain.broker.config.Bridge.StartType;
import dev.fountain.broker.config.BridgeTopic.Direction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code connection} blocks of mosquitto.conf: every bridge key, Mosquitto 2.0's defaults
 * (mosquitto.conf(5) and its {@code conf.c}), its topic-line forms, and errors and warnings that
 * name the file, the line and the key.
 */
class BridgeConfigTest {

    @TempDir
    Path dir;

    @Test
    void aBridgeWithOnlyAnAddressAndATopicHasMosquittosDefaults() throws Exception {
        Bridge bridge = bridge("connection cloud", "address broker.example.com", "topic sensors/#");

        String remoteId = hostname() + ".cloud";
        assertThat(bridge.name()).isEqualTo("cloud");
        assertThat(bridge.addresses()).containsExactly(new Address("broker.example.com", 1883));
        assertThat(bridge.roundRobin()).isFalse();
        assertThat(bridge.topics()).containsExactly(new BridgeTopic("sensors/#", Direction.OUT, 0, null, null));
        assertThat(bridge.remoteClientId()).isEqualTo(remoteId);
        assertThat(bridge.localClientId()).isEqualTo("local." + remoteId);
        assertThat(bridge.remoteUsername()).isNull();
        assertThat(bridge.remotePassword()).isNull();
        assertThat(bridge.cleanSession()).isFalse();
        assertThat(bridge.protocolVersion()).isEqualTo(ProtocolVersion.MQTT_3_1_1);
        assertThat(bridge.keepAliveSeconds()).isEqualTo(60);
        assertThat(bridge.restartTimeout()).isEqualTo(new RestartTimeout(5, 30));
        assertThat(bridge.startType()).isEqualTo(StartType.AUTOMATIC);
        assertThat(bridge.tryPrivate()).isTrue();
        assertThat(bridge.notifications()).isTrue();
        assertThat(bridge.notificationsLocalOnly()).isFalse();
        assertThat(bridge.notificationTopic()).isEqualTo("$SYS/broker/connection/" + remoteId + "/state");
        assertThat(bridge.tls()).isNull();
        assertThat(bridge.outgoingRetain()).isTrue();
        assertThat(bridge.attemptUnsubscribe()).isTrue();
        assertThat(bridge.maxPacketSize()).isZero();
    }

    @Test
    void everyAppliedKeyIsApplied() throws Exception {
        Path ca = file("ca.crt", "PEM");
        Path cert = file("bridge.crt", "PEM");
        Path key = file("bridge.key", "PEM");
        BrokerConfig config = load(
                "connection cloud",
                "addresses one.example.com:8883 [::1]:1884 two.example.com",
                "round_robin true",
                "topic a/# in 1",
                "topic b/# both 2 local/ remote/",
                "remote_clientid edge-7",
                "remote_username edge",
                "remote_password s3cret with spaces",
                "local_clientid bridge-edge-7",
                "cleansession true",
                "local_cleansession false",
                "bridge_protocol_version mqttv50",
                "keepalive_interval 30",
                "restart_timeout 10 60",
                "start_type once",
                "try_private false",
                "notifications false",
                "notifications_local_only true",
                "notification_topic edge/7/bridge",
                "bridge_cafile " + ca,
                "bridge_certfile " + cert,
                "bridge_keyfile " + key,
                "bridge_insecure false",
                "bridge_outgoing_retain false",
                "bridge_attempt_unsubscribe false",
                "bridge_max_packet_size 4096");

        Bridge bridge = config.bridges().get(0);
        assertThat(bridge.addresses()).containsExactly(new Address("one.example.com", 8883), new Address("::1", 1884),
                new Address("two.example.com", 1883));
        assertThat(bridge.roundRobin()).isTrue();
        assertThat(bridge.topics()).containsExactly(new BridgeTopic("a/#", Direction.IN, 1, null, null),
                new BridgeTopic("b/#", Direction.BOTH, 2, "local/", "remote/"));
        assertThat(bridge.remoteClientId()).isEqualTo("edge-7");
        assertThat(bridge.remoteUsername()).isEqualTo("edge");
        assertThat(bridge.remotePassword()).isEqualTo("s3cret with spaces");
        assertThat(bridge.localClientId()).isEqualTo("bridge-edge-7");
        assertThat(bridge.cleanSession()).isTrue();
        assertThat(bridge.protocolVersion()).isEqualTo(ProtocolVersion.MQTT_5);
        assertThat(bridge.keepAliveSeconds()).isEqualTo(30);
        assertThat(bridge.restartTimeout()).isEqualTo(new RestartTimeout(10, 60));
        assertThat(bridge.startType()).isEqualTo(StartType.ONCE);
        assertThat(bridge.tryPrivate()).isFalse();
        assertThat(bridge.notifications()).isFalse();
        assertThat(bridge.notificationsLocalOnly()).isTrue();
        assertThat(bridge.notificationTopic()).isEqualTo("edge/7/bridge");
        assertThat(bridge.tls().caFile()).isEqualTo(ca);
        assertThat(bridge.tls().certFile()).isEqualTo(cert);
        assertThat(bridge.tls().keyFile()).isEqualTo(key);
        assertThat(bridge.tls().insecure()).isFalse();
        assertThat(bridge.tls().origins()).containsEntry("bridge_cafile", new BridgeTls.Origin(conf(), 20));
        assertThat(bridge.outgoingRetain()).isFalse();
        assertThat(bridge.attemptUnsubscribe()).isFalse();
        assertThat(bridge.maxPacketSize()).isEqualTo(4096);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void theOldNamesOfTheRemoteKeysStillWork() throws Exception {
        Bridge bridge = bridge("connection cloud", "address cloud", "topic #", "clientid old-id", "username old-user",
                "password old-password");

        assertThat(bridge.remoteClientId()).isEqualTo("old-id");
        assertThat(bridge.remoteUsername()).isEqualTo("old-user");
        assertThat(bridge.remotePassword()).isEqualTo("old-password");
    }

    @Test
    void aRestartTimeoutWithOneValueIsConstant() throws Exception {
        assertThat(bridge("connection cloud", "address cloud", "topic #", "restart_timeout 20").restartTimeout())
                .isEqualTo(RestartTimeout.constant(20));
    }

    @Test
    void severalBridgesKeepTheirOrderAndTheirOwnSettings() throws Exception {
        BrokerConfig config = load("connection one", "address a", "topic x", "connection two", "address b",
                "topic y in");

        assertThat(config.bridges()).extracting(Bridge::name).containsExactly("one", "two");
        assertThat(config.bridges().get(1).topics()).containsExactly(new BridgeTopic("y", Direction.IN, 0, null, null));
    }

    // The topic line: the table of mosquitto.conf(5), and the words around it.

    @ParameterizedTest(name = "topic {0}")
    @CsvSource(delimiter = '|', value = {
            "pattern out 0 L/ R/    | L/pattern | R/pattern",
            "pattern out 0 L/ \"\"  | L/pattern | pattern",
            "pattern out 0 \"\" R/  | pattern   | R/pattern",
            "pattern out 0 \"\" \"\"| pattern   | pattern",
            "\"\" out 0 local remote| local     | remote",
            "# both 2 local/topic/ remote/topic/ | local/topic/# | remote/topic/#",
            "clients/total in 0 test/mosquitto/org/ $SYS/broker/ | test/mosquitto/org/clients/total "
                    + "| $SYS/broker/clients/total"})
    void theValidFormsOfMosquittosTableMakeTheseTopics(String line, String local, String remote) throws Exception {
        BridgeTopic topic = bridge("connection cloud", "address cloud", "topic " + line).topics().get(0);

        assertThat(topic.localTopic()).isEqualTo(local);
        assertThat(topic.remoteTopic()).isEqualTo(remote);
    }

    @ParameterizedTest(name = "topic {0}")
    @CsvSource(delimiter = '|', value = {
            "\"\" out 0 local \"\"     | an empty pattern (\"\") maps one local topic to one remote topic, so it needs "
                    + "both a local and a remote prefix",
            "\"\" out 0 \"\" remote    | an empty pattern (\"\") maps one local topic to one remote topic, so it needs "
                    + "both a local and a remote prefix",
            "\"\" out 0 \"\" \"\"      | an empty pattern (\"\") maps one local topic to one remote topic, so it needs "
                    + "both a local and a remote prefix",
            "\"\"                      | an empty pattern (\"\") maps one local topic to one remote topic, so it needs "
                    + "both a local and a remote prefix",
            "a/# out 0 local/+/ R/     | the local prefix 'local/+/' is not valid: a topic name must not contain the "
                    + "wildcard '+' (at index 6); wildcards belong in subscription filters only [MQTT-3.3.2-2] "
                    + "(write \"\" for no prefix)",
            "+ out 0 L R/              | the local prefix and pattern make 'L+', which is not a valid topic filter: "
                    + "'+' must fill a whole level of a filter (like 'a/+/c'), found at index 1 of 'L+' [MQTT-4.7.1-3]",
            "a/#/b                     | the pattern 'a/#/b' is not a valid topic filter: '#' must be the whole last "
                    + "level of a filter (like 'a/b/#'), found at index 2 of 'a/#/b' [MQTT-4.7.1-2]",
            "a sideways                | expected in, out or both, found 'sideways'",
            "a in 3                    | expected a whole number from 0 to 2, found '3'",
            "a in 1 L/ R/ extra        | expected pattern, direction, QoS, local prefix and remote prefix, found "
                    + "'a in 1 L/ R/ extra'"})
    void whatMosquittoRefusesOnATopicLineIsAnErrorAtThatLine(String line, String problem) {
        assertThat(error("connection cloud", "address cloud", "topic " + line))
                .hasMessage(conf() + ":3: topic: " + problem);
    }

    @Test
    void theDirectionIsReadIgnoringCaseAndACommentEndsTheLineButTheHashPatternDoesNot() throws Exception {
        List<BridgeTopic> topics = bridge("connection cloud", "address cloud", "topic # BOTH 1 # all of it",
                "topic a/b In").topics();

        assertThat(topics).containsExactly(new BridgeTopic("#", Direction.BOTH, 1, null, null),
                new BridgeTopic("a/b", Direction.IN, 0, null, null));
    }

    // Errors name the file, the line and the key.

    @Test
    void aBridgeKeyBeforeAnyConnectionIsAnErrorAsInMosquitto() {
        assertThat(error("address broker.example.com:1883")).hasMessage(conf() + ":1: address: a bridge setting, "
                + "only valid after a 'connection' line that starts a bridge");
    }

    @ParameterizedTest
    @MethodSource("appliedKeys")
    void anAppliedBridgeKeyWithoutAValueSaysWhatItExpected(String key) {
        List<String> lines = new ArrayList<>(List.of("connection cloud", "address cloud", "topic #"));
        lines.add(key);
        String[] file = key.equals("connection") ? new String[] {"connection"} : lines.toArray(String[]::new);
        ConfigException e = error(file);

        assertThat(e).hasMessageStartingWith(conf() + ":" + (key.equals("connection") ? 1 : 4) + ": " + key
                + ": expected ").hasMessageEndingWith(", found nothing");
    }

    static Stream<String> appliedKeys() {
        return BridgeKeys.APPLIED.stream().filter(key -> !key.equals("address") && !key.equals("addresses")).sorted();
    }

    @Test
    void problemsOfABridgeAsAWholeAreReportedAtItsConnectionLine() {
        assertThat(error("log_type all", "connection cloud", "topic #")).hasMessage(conf() + ":2: connection: bridge "
                + "'cloud' has no address to connect to; add 'address host[:port]'");
        assertThat(error("connection cloud", "address cloud")).hasMessage(conf() + ":1: connection: bridge 'cloud' "
                + "has no topic, so it would carry nothing; add 'topic <pattern> [in|out|both] [qos] [local prefix] "
                + "[remote prefix]'");
        assertThat(error("connection cloud", "address cloud", "topic #", "connection cloud")).hasMessage(conf()
                + ":4: connection: a bridge named 'cloud' is already configured at " + conf() + ":1; each bridge needs "
                + "its own name");
    }

    @Test
    void twoBridgesWithTheSameLocalClientIdAreAnError() {
        assertThat(error("connection one", "address a", "topic x", "remote_clientid same", "connection two",
                "address b", "topic y", "remote_clientid same")).hasMessage(conf() + ":5: connection: bridges 'one' "
                + "and 'two' both have the local client identifier 'local.same'; give one of them its own "
                + "local_clientid");
    }

    @Test
    void badValuesAreErrorsAtTheirLine() {
        assertThat(error("connection cloud", "address cloud:0", "topic #"))
                .hasMessage(conf() + ":2: address: expected a whole number from 1 to 65535, found '0'");
        assertThat(error("connection cloud", "address a", "addresses b", "topic #")).hasMessage(conf() + ":3: "
                + "addresses: bridge 'cloud' has its addresses already; give them all on one line: 'addresses "
                + "host1:port host2:port'");
        assertThat(error("connection cloud", "address a", "topic #", "restart_timeout 30 10"))
                .hasMessage(conf() + ":4: restart_timeout: the backoff cap (10) is lower than its base (30)");
        assertThat(error("connection cloud", "address a", "topic #", "start_type manual")).hasMessage(conf()
                + ":4: start_type: manual bridges are not supported, by Mosquitto either; use automatic");
        assertThat(error("connection cloud", "address a", "topic #", "bridge_protocol_version mqttv6")).hasMessage(
                conf() + ":4: bridge_protocol_version: expected one of mqttv31, mqttv311, mqttv50, found 'mqttv6'");
        assertThat(error("connection cloud", "address a", "topic #", "notification_topic state/#")).hasMessage(
                conf() + ":4: notification_topic: 'state/#' is not a topic the bridge can publish to: a topic name "
                        + "must not contain the wildcard '#' (at index 6); wildcards belong in subscription filters "
                        + "only [MQTT-3.3.2-2]");
        assertThat(error("connection cloud", "address a", "topic #", "keepalive_interval 70000"))
                .hasMessage(conf() + ":4: keepalive_interval: expected a whole number from 0 to 65535, found '70000'");
    }

    @Test
    void aPasswordWithoutAUserNameIsAnErrorExceptOnMqtt5() throws Exception {
        assertThat(error("connection cloud", "address a", "topic #", "remote_password secret")).hasMessage(conf()
                + ":4: remote_password: a remote password needs a remote user name: MQTT 3.1.1 has no password "
                + "without one [MQTT-3.1.2-22]");
        assertThat(bridge("connection cloud", "address a", "topic #", "bridge_protocol_version mqttv50",
                "remote_password secret").remotePassword()).isEqualTo("secret");
    }

    @Test
    void tlsFilesMustExistAndComeWithWhatTheyNeed() throws Exception {
        Path cert = file("bridge.crt", "PEM");
        assertThat(error("connection cloud", "address a", "topic #", "bridge_cafile " + dir.resolve("missing.crt")))
                .hasMessage(conf() + ":4: bridge_cafile: cannot open '" + dir.resolve("missing.crt")
                        + "': no such file");
        assertThat(error("connection cloud", "address a", "topic #", "bridge_certfile " + cert, "bridge_keyfile "
                + cert)).hasMessage(conf() + ":4: bridge_certfile: needs bridge_cafile or bridge_capath in the same "
                + "bridge: a bridge uses TLS only when it has CA certificates to check the remote broker with");
        assertThat(error("connection cloud", "address a", "topic #", "bridge_cafile " + cert, "bridge_certfile "
                + cert)).hasMessage(conf() + ":5: bridge_certfile: needs bridge_keyfile, the private key of this "
                + "certificate, in the same bridge");
        assertThat(error("connection cloud", "address a", "topic #", "bridge_capath " + cert)).hasMessage(conf()
                + ":4: bridge_capath: cannot open directory '" + cert + "'");
    }

    // Warnings name the file, the line and the key.

    @Test
    void valuesMosquittoCorrectsAreCorrectedWithAWarning() throws Exception {
        BrokerConfig config = load("connection cloud", "address a", "topic #", "keepalive_interval 2",
                "restart_timeout 0");

        assertThat(config.bridges().get(0).keepAliveSeconds()).isEqualTo(5);
        assertThat(config.bridges().get(0).restartTimeout()).isEqualTo(RestartTimeout.constant(1));
        assertThat(config.warnings()).containsExactly(
                conf() + ":4: keepalive_interval: less than 5 seconds; 5 seconds are used, as in Mosquitto",
                conf() + ":5: restart_timeout: less than 1 second; 1 second is used, as in Mosquitto");
    }

    @Test
    void whatFountainDoesNotDoIsWarnedAbout() throws Exception {
        Path ca = file("ca.crt", "PEM");
        BrokerConfig config = load("connection cloud", "address a", "topic #", "start_type lazy", "threshold 20",
                "bridge_tls_version tlsv1.2", "local_username bridge", "local_cleansession true",
                "bridge_cafile " + ca, "bridge_insecure true");

        assertThat(config.warnings()).containsExactly(
                conf() + ":4: start_type: lazy bridges are not supported by Fountain yet; this bridge starts with the "
                        + "broker and reconnects, as with automatic",
                conf() + ":5: threshold: has no effect in Fountain yet; only lazy bridges use it, and Fountain starts "
                        + "every bridge with the broker",
                conf() + ":6: bridge_tls_version: has no effect in Fountain yet; the bridge offers TLS 1.2 and 1.3",
                conf() + ":7: local_username: has no effect in Fountain yet; the bridge's local session is not held "
                        + "to the ACL, as in Mosquitto 2.0",
                conf() + ":8: local_cleansession: has no effect in Fountain yet; the bridge's local session keeps its "
                        + "subscriptions and what waits for the remote broker for as long as the broker runs, as with "
                        + "local_cleansession false",
                conf() + ":10: bridge_insecure: bridge 'cloud' does not check that the remote broker's certificate "
                        + "names the host it connects to; never use this in production");
        assertThat(config.bridges().get(0).tls().insecure()).isTrue();
    }

    @Test
    void bridgeInsecureWithoutTlsIsWarnedAbout() throws Exception {
        BrokerConfig config = load("connection cloud", "address a", "topic #", "bridge_insecure false");

        assertThat(config.warnings()).isEmpty();
        assertThat(load("connection cloud", "address a", "topic #", "bridge_insecure true").warnings()).contains(
                conf() + ":4: bridge_insecure: has no effect without bridge_cafile or bridge_capath: the bridge does "
                        + "not use TLS");
    }

    // Configured in code.

    @Test
    void aBridgeConfiguredInCodeGetsTheSameDefaults() {
        Bridge bridge = Bridge.builder("cloud").address("broker.example.com", 1883).topic(BridgeTopic.out("a/#"))
                .build();

        assertThat(bridge.localClientId()).isEqualTo("local." + hostname() + ".cloud");
        assertThat(bridge.restartTimeout()).isEqualTo(RestartTimeout.DEFAULT);
        assertThatThrownBy(() -> Bridge.builder("empty").address("a", 1883).build())
                .hasMessageStartingWith("bridge 'empty' has no topic");
        assertThatThrownBy(() -> BrokerConfig.builder().bridge(bridge).bridge(bridge))
                .hasMessage("bridges 'cloud' and 'cloud' both have the local client identifier 'local." + hostname()
                        + ".cloud'");
    }

    /** What gethostname returns, as Mosquitto's default remote client identifier uses it. */
    private static String hostname() {
        try {
            Process process = new ProcessBuilder("hostname").start();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new AssertionError("the hostname command is needed to check the default client identifier", e);
        }
    }

    private Bridge bridge(String... lines) throws Exception {
        BrokerConfig config = load(lines);
        assertThat(config.warnings()).isEmpty();
        return config.bridges().get(0);
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
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }
}
