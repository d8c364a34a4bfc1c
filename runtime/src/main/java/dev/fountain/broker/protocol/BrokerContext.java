package dev.fountain.broker.protocol;

import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.routing.Router;
import dev.fountain.broker.security.AccessControl;
import dev.fountain.broker.session.Sessions;
import java.util.concurrent.atomic.AtomicInteger;

/** What every connection of one broker shares. */
public record BrokerContext(
        BrokerConfig config,
        BrokerLog log,
        Sessions sessions,
        Router router,
        AccessControl access,
        AtomicInteger connections) {
}
