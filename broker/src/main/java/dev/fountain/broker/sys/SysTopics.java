package dev.fountain.broker.sys;

import dev.fountain.broker.routing.Message;
import dev.fountain.broker.routing.PublishProperties;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.stats.BrokerStats;
import dev.fountain.broker.stats.Meter;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The {@code $SYS/broker/...} topics under Mosquitto 2.0's names and formats ({@code sys_tree.c}),
 * from the broker's meters, every {@code sys_interval} seconds: retained QoS 0 messages, each
 * published only when its value changed (all of them the first time), so a client that subscribes
 * later gets the latest value of each at once. {@code version} is published once at startup.
 *
 * <p>Mosquitto's two families of message counts are kept apart as it keeps them:
 * {@code messages/...} counts MQTT packets of every type, {@code publish/messages/...} PUBLISH
 * packets only. The loads are Mosquitto's exponentially decaying averages per minute over 1, 5
 * and 15 minutes, written with two decimals.
 *
 * <p>Reading them is up to the ACL like any topic: with an {@code acl_file} a client needs a
 * {@code topic read $SYS/#} line, and {@code #} alone never matches them [MQTT-4.7.2-1].
 */
public final class SysTopics implements AutoCloseable {

    private static final String PREFIX = "$SYS/broker/";
    private static final int[] LOAD_MINUTES = {1, 5, 15};

    private final BrokerStats stats;
    private final Router router;
    private final String version;
    private final int intervalSeconds;
    private final Map<String, String> published = new HashMap<>();
    private final Map<String, Load> loads = new HashMap<>();
    private long lastUpdateNanos;
    private long maximumConnected;
    private ScheduledFuture<?> timer;

    /** A load average: the last count it saw and its value per minute, per window. */
    private static final class Load {
        long lastCount = -1;
        final double[] perMinute = new double[LOAD_MINUTES.length];
    }

    public SysTopics(BrokerStats stats, Router router, String version, int intervalSeconds) {
        this.stats = stats;
        this.router = router;
        this.version = version;
        this.intervalSeconds = intervalSeconds;
    }

    /** Publishes the version and a first update now, then an update every interval, on {@code loop}. */
    public void start(EventExecutor loop) {
        if (intervalSeconds == 0) {
            return;
        }
        loop.execute(() -> {
            publish("version", "fountain version " + version);
            lastUpdateNanos = System.nanoTime();
            update();
        });
        timer = loop.scheduleAtFixedRate(this::update, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    private void update() {
        long now = System.nanoTime();
        double seconds = Math.max(1, (now - lastUpdateNanos) / 1e9);
        lastUpdateNanos = now;
        long connected = stats.value(Meter.CLIENTS_CONNECTED);
        long total = Math.max(stats.value(Meter.SESSIONS_REGISTERED), connected);
        maximumConnected = Math.max(maximumConnected, connected);
        publish("uptime", stats.uptimeSeconds() + " seconds");
        publish("clients/connected", connected);
        publish("clients/active", connected);
        publish("clients/disconnected", total - connected);
        publish("clients/inactive", total - connected);
        publish("clients/total", total);
        publish("clients/maximum", maximumConnected);
        publish("messages/received", stats.value(Meter.PACKETS_RECEIVED));
        publish("messages/sent", stats.value(Meter.PACKETS_SENT));
        publish("messages/stored", stats.value(Meter.QUEUED) + stats.value(Meter.IN_FLIGHT)
                + stats.value(Meter.RETAINED_MESSAGES));
        publish("publish/messages/received", stats.total(Meter.RECEIVED_QOS0.meterName()));
        publish("publish/messages/sent", stats.total(Meter.SENT_QOS0.meterName()));
        publish("publish/messages/dropped", stats.total(Meter.DROPPED_ACL.meterName()));
        publish("bytes/received", stats.value(Meter.BYTES_RECEIVED));
        publish("bytes/sent", stats.value(Meter.BYTES_SENT));
        publish("subscriptions/count", stats.value(Meter.SUBSCRIPTIONS));
        publish("retained messages/count", stats.value(Meter.RETAINED_MESSAGES));
        load("load/messages/received", seconds, () -> stats.value(Meter.PACKETS_RECEIVED));
        load("load/messages/sent", seconds, () -> stats.value(Meter.PACKETS_SENT));
        load("load/publish/received", seconds, () -> stats.total(Meter.RECEIVED_QOS0.meterName()));
        load("load/publish/sent", seconds, () -> stats.total(Meter.SENT_QOS0.meterName()));
        load("load/publish/dropped", seconds, () -> stats.total(Meter.DROPPED_ACL.meterName()));
        load("load/bytes/received", seconds, () -> stats.value(Meter.BYTES_RECEIVED));
        load("load/bytes/sent", seconds, () -> stats.value(Meter.BYTES_SENT));
        load("load/sockets", seconds, () -> stats.value(Meter.CONNECTIONS_OPENED));
        load("load/connections", seconds, () -> stats.value(Meter.CONNECTIONS_OPENED));
    }

    /**
     * Mosquitto's load: the count of this interval scaled to a minute, folded into each window's
     * average with the weight {@code exp(-interval / window)}.
     */
    private void load(String topic, double seconds, LongSupplier count) {
        Load load = loads.computeIfAbsent(topic, key -> new Load());
        long now = count.getAsLong();
        double perMinute = load.lastCount < 0 ? 0 : (now - load.lastCount) * 60.0 / seconds;
        load.lastCount = now;
        for (int i = 0; i < LOAD_MINUTES.length; i++) {
            double exponent = Math.exp(-seconds / (60.0 * LOAD_MINUTES[i]));
            load.perMinute[i] = perMinute + exponent * (load.perMinute[i] - perMinute);
            publish(topic + "/" + LOAD_MINUTES[i] + "min", String.format(Locale.ROOT, "%.2f", load.perMinute[i]));
        }
    }

    private void publish(String topic, long value) {
        publish(topic, Long.toString(value));
    }

    private void publish(String topic, String value) {
        if (value.equals(published.put(topic, value))) {
            return;
        }
        byte[] payload = value.getBytes(StandardCharsets.UTF_8);
        Message message = new Message(PREFIX + topic, Unpooled.wrappedBuffer(payload), 0, true,
                PublishProperties.NONE, Message.NEVER, null);
        try {
            router.publish(message);
        } finally {
            message.release();
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
