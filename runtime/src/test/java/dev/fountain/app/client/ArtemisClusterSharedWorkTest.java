package dev.fountain.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.app.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.postoffice.QueueBinding;
import org.apache.activemq.artemis.core.server.cluster.RemoteQueueBinding;
import org.apache.activemq.artemis.core.server.cluster.impl.MessageLoadBalancingType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SharedWorkTest} on a two-node ActiveMQ Artemis cluster: instance A is a client of node 1,
 * instance B of node 2, and the publisher sends the whole stream to node 1 only, so every message B
 * handles crossed the cluster bridge.
 *
 * <p>Artemis names a shared subscription's queue after the share name and filter
 * ({@code workers.jobs.*}), so each node holds a queue of that name. A node groups its local queue and
 * the other node's queue of the same name under one routing name and round-robins each message between
 * them (Artemis's {@code BindingsImpl.getNextBinding}); with {@code ON_DEMAND} load balancing it
 * forwards only to a node whose queue has a consumer.
 */
class ArtemisClusterSharedWorkTest {

    static final int MESSAGES = SharedWorkTest.MESSAGES;

    @TempDir
    Path directory;

    private final List<EmbeddedActiveMQ> nodes = new ArrayList<>();
    private final List<RunningApp> apps = new ArrayList<>();
    private final AtomicIntegerArray seen = new AtomicIntegerArray(MESSAGES);
    private final AtomicInteger first = new AtomicInteger();
    private final AtomicInteger second = new AtomicInteger();
    private EmbeddedActiveMQ node1;
    private EmbeddedActiveMQ node2;
    private int mqtt1;
    private int mqtt2;

    @BeforeEach
    void startCluster() throws Exception {
        mqtt1 = ClientApps.freePort();
        mqtt2 = ClientApps.freePort();
        int cluster1 = ClientApps.freePort();
        int cluster2 = ClientApps.freePort();
        node1 = node("node1", mqtt1, cluster1, cluster2);
        node2 = node("node2", mqtt2, cluster2, cluster1);
    }

    @AfterEach
    void stop() throws Exception {
        apps.forEach(RunningApp::close);
        for (EmbeddedActiveMQ node : nodes) {
            node.stop();
        }
    }

    @Test
    void twoInstancesOnTwoClusteredNodesSplitTenThousandQos1Messages() {
        startWorkers();

        long started = System.nanoTime();
        SharedWorkTest.publishSequence(mqtt1, MESSAGES);
        await().atMost(Duration.ofSeconds(60)).until(() -> first.get() + second.get() >= MESSAGES);

        for (int i = 0; i < MESSAGES; i++) {
            assertThat(seen.get(i)).as("times message %d was handled", i).isEqualTo(1);
        }
        double share = first.get() / (double) MESSAGES;
        System.out.printf("clustered shared subscription split: node 1 %d / node 2 %d (%.1f %%) in %d ms%n",
                first.get(), second.get(), share * 100, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertThat(first.get()).as("handled by the instance on node 1").isPositive();
        assertThat(second.get()).as("handled by the instance on node 2, all through the bridge").isPositive();
        assertThat(share).isBetween(0.4, 0.6);
    }

    /**
     * What node 1 forwarded to node 2 and B had not taken when it left stays in node 2's queue, which has
     * no consumer any more; only redistribution ({@code redistribution-delay} 0 in {@link #node}) moves
     * it on to A. With Artemis's default of -1 (never) this test failed three runs in three, 30 jobs left
     * on node 2 (Artemis user manual, clusters, "Message Redistribution": the starvation case). A job B
     * handled but had not acknowledged comes again, so this is at least once, as in
     * {@link KilledInstanceTest}.
     */
    @Test
    void anInstanceThatLeavesMidStreamLeavesItsNodesBacklogToTheOther() throws Exception {
        RunningApp leaving = startWorkers();

        CompletableFuture<Void> publishing = CompletableFuture.runAsync(
                () -> SharedWorkTest.publishSequence(mqtt1, MESSAGES));
        await().atMost(Duration.ofSeconds(30)).until(() -> second.get() > MESSAGES / 10);
        leaving.close();
        int handledByLeaver = second.get();
        publishing.get(60, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(unhandled()).as("jobs no instance handled").isEmpty());
        int handled = first.get() + second.get();
        System.out.printf("instance on node 2 left after %d; %d handled in all, %d more than %d (redelivered)%n",
                handledByLeaver, handled, handled - MESSAGES, MESSAGES);
    }

    /** Starts A on node 1 and B on node 2, and returns B once node 1 knows B's consumer. */
    private RunningApp startWorkers() {
        Map<String, String> grouped = Map.of("fountain.group", "workers");
        apps.add(ClientApps.start(mqtt1, "worker-a", SharedWorkTest.worker(first, seen), grouped));
        RunningApp b = ClientApps.start(mqtt2, "worker-b", SharedWorkTest.worker(second, seen), grouped);
        apps.add(b);
        // ON_DEMAND forwards only to a node known to have a consumer, and that knowledge travels between
        // the nodes as a notification: messages published before it arrives would all stay on node 1.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> remoteConsumers(node1) > 0 && remoteConsumers(node2) > 0);
        return b;
    }

    private List<Integer> unhandled() {
        List<Integer> unhandled = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            if (seen.get(i) == 0) {
                unhandled.add(i);
            }
        }
        return unhandled;
    }

    /** Consumers on the other node's {@code workers} queues, as this node knows them. */
    private static int remoteConsumers(EmbeddedActiveMQ node) {
        return node.getActiveMQServer().getPostOffice().getAllBindings()
                .filter(RemoteQueueBinding.class::isInstance)
                .map(QueueBinding.class::cast)
                .filter(binding -> binding.getRoutingName().toString().startsWith("workers."))
                .mapToInt(QueueBinding::consumerCount).sum();
    }

    /**
     * One node: MQTT for the applications on one port, Artemis's core protocol for the cluster bridge on
     * another, and a static connector to the other node (loopback only: no UDP discovery).
     */
    private EmbeddedActiveMQ node(String name, int mqttPort, int clusterPort, int otherClusterPort)
            throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName(name);
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        // Artemis writes page files even without persistence: each node under its own directory.
        config.setBrokerInstance(directory.resolve(name).toFile());
        config.addAcceptorConfiguration("mqtt", "tcp://127.0.0.1:" + mqttPort + "?protocols=MQTT");
        config.addAcceptorConfiguration("cluster", "tcp://127.0.0.1:" + clusterPort + "?protocols=CORE");
        config.addConnectorConfiguration("self", "tcp://127.0.0.1:" + clusterPort);
        config.addConnectorConfiguration("other", "tcp://127.0.0.1:" + otherClusterPort);
        // STRICT would also forward to a node whose queue has no consumer (an instance that left with
        // its session kept) and Artemis never redistributes under STRICT (BindingsImpl.redistribute):
        // half the stream would wait there for that instance.
        config.addClusterConfiguration(new ClusterConnectionConfiguration().setName("loopback")
                .setConnectorName("self").setStaticConnectors(List.of("other"))
                .setMessageLoadBalancingType(MessageLoadBalancingType.ON_DEMAND));
        config.addAddressSetting("#", new AddressSettings().setRedistributionDelay(0));
        EmbeddedActiveMQ node = new EmbeddedActiveMQ().setConfiguration(config);
        nodes.add(node);
        node.start();
        return node;
    }
}
