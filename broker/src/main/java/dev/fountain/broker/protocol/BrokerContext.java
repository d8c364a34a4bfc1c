package dev.fountain.broker.protocol;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.security.AccessControl;
import dev.fountain.broker.security.EnhancedAuthenticator;
import dev.fountain.broker.session.Sessions;
import dev.fountain.broker.store.Store;
import dev.fountain.broker.stats.BrokerStats;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every connection of one broker shares.
 *
 * @param authenticators MQTT 5 enhanced authentication by method name
 * @param stats the broker's meters
 * @param store where stored sessions and retained messages are journaled; connections hold their
 *     writes until it has caught up
 */
public record BrokerContext(
        BrokerConfig config,
        BrokerLog log,
        Sessions sessions,
        Router router,
        AccessControl access,
        AtomicInteger connections,
        Map<String, EnhancedAuthenticator> authenticators,
        BrokerStats stats,
        Store store) {

    /** A context whose meters nobody reads and that keeps nothing on disk: for tests that drive one connection. */
    public BrokerContext(BrokerConfig config, BrokerLog log, Sessions sessions, Router router, AccessControl access,
            AtomicInteger connections, Map<String, EnhancedAuthenticator> authenticators) {
        this(config, log, sessions, router, access, connections, authenticators, new BrokerStats(), Store.MEMORY);
    }

    /** A broker that keeps nothing on disk. */
    public BrokerContext(BrokerConfig config, BrokerLog log, Sessions sessions, Router router, AccessControl access,
            AtomicInteger connections, Map<String, EnhancedAuthenticator> authenticators, BrokerStats stats) {
        this(config, log, sessions, router, access, connections, authenticators, stats, Store.MEMORY);
    }
}
