package dev.fountain.app.connector.client;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import com.hivemq.client.mqtt.lifecycle.MqttClientReconnector;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one link does when it connects and when it loses its connection: reconnect after an
 * exponential backoff with jitter, to the next broker of the list each time, resubscribe and resend
 * whatever the broker says about the session, and tell the link's owner. Our own policy rather than
 * the client's automatic reconnect, which neither rotates between brokers nor resubscribes when the
 * session is present.
 */
final class Reconnection implements MqttClientConnectedListener, MqttClientDisconnectedListener {

    private static final Logger LOG = LoggerFactory.getLogger(Reconnection.class);
    /** First retry delay; doubled per failed attempt up to {@link #MAX_DELAY_MILLIS}. */
    private static final long FIRST_DELAY_MILLIS = 250;
    private static final long MAX_DELAY_MILLIS = 30_000;

    private final String clientId;
    private final List<BrokerAddress> brokers;
    private final long connectTimeoutMillis;
    private final MqttClientSslConfig tls;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final AtomicInteger takeovers = new AtomicInteger();
    private volatile int current;
    private volatile boolean lost;
    /** Whether the connection is up now, for readiness. */
    private volatile boolean up;
    private volatile String lastFailure;
    private volatile Runnable closing;
    private volatile Runnable reconnected = () -> { };

    Reconnection(String clientId, ClientSettings settings) {
        this.clientId = clientId;
        this.brokers = settings.brokers();
        this.connectTimeoutMillis = settings.connectTimeoutMillis();
        this.tls = settings.tls();
    }

    /** How the first connection attempt reaches the first broker of the list. */
    MqttClientTransportConfig firstTransport() {
        return brokers.get(0).transport(connectTimeoutMillis, tls);
    }

    CompletableFuture<Void> connected() {
        return connected;
    }

    boolean isConnected() {
        return up;
    }

    /**
     * Runs {@code action} on the client's thread after every reconnection, before the link counts
     * as connected again.
     */
    void onReconnected(Runnable action) {
        reconnected = action;
    }

    /** What the latest attempt met, for a startup that gives up: "broker: why". */
    Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * No more reconnecting; {@code disconnect} runs should an attempt already under way succeed.
     * Without this a link closed while its broker was down would retry for ever.
     */
    void close(Runnable disconnect) {
        closing = disconnect;
    }

    @Override
    public void onConnected(MqttClientConnectedContext context) {
        Runnable disconnect = closing;
        if (disconnect != null) {
            disconnect.run();
            return;
        }
        if (connected.isDone()) {
            if (lost) {
                LOG.info("{} reconnected to {}.", clientId, brokers.get(current));
            }
            reconnected.run();
        } else {
            LOG.debug("{} connected to {}.", clientId, brokers.get(current));
        }
        lost = false;
        up = true;
        connected.complete(null);
    }

    @Override
    public void onDisconnected(MqttClientDisconnectedContext context) {
        up = false;
        if (context.getSource() == MqttDisconnectSource.USER || closing != null) {
            context.getReconnector().reconnect(false);
            return;
        }
        Throwable cause = context.getCause();
        if (takenOver(cause)) {
            int times = takeovers.incrementAndGet();
            if (times > 1) {
                LOG.warn("{}: the broker gave this session to another connection with the same client id ({} times"
                        + " now). Each replica needs its own fountain.instance or fountain.client-id.", clientId,
                        times);
            }
        }
        MqttClientReconnector reconnector = context.getReconnector();
        int attempt = reconnector.getAttempts();
        BrokerAddress from = brokers.get(current);
        lastFailure = from + ": " + cause.getMessage();
        current = (current + 1) % brokers.size();
        long delay = delayMillis(attempt);
        if (!lost || attempt % 10 == 0) {
            LOG.warn("{}: {} {} ({}); trying {} in {} ms.", clientId, connected.isDone() ? "lost" : "cannot reach",
                    from, cause.getMessage(), brokers.get(current), delay);
        }
        lost = true;
        reconnector.reconnect(true)
                .resubscribeIfSessionPresent(true)
                .resubscribeIfSessionExpired(true)
                .republishIfSessionExpired(true)
                .transportConfig(brokers.get(current).transport(connectTimeoutMillis, tls))
                .delay(delay, TimeUnit.MILLISECONDS);
    }

    /** Full doubling up to the cap, then a random point in its upper half, so replicas do not retry in step. */
    static long delayMillis(int attempt) {
        long ceiling = Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS << Math.min(attempt, 20));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private static boolean takenOver(Throwable cause) {
        return cause instanceof Mqtt5DisconnectException disconnect
                && disconnect.getMqttMessage().getReasonCode() == Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER;
    }
}
