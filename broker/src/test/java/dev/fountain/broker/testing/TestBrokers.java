package dev.fountain.broker.testing;

import dev.fountain.broker.Broker;
import dev.fountain.broker.config.BrokerConfig;
import dev.fountain.broker.config.Listener;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogType;
import java.util.function.Consumer;

/** Brokers for tests: loopback, a port the system picks, every log line to SLF4J. */
public final class TestBrokers {

    private TestBrokers() {
    }

    public static Broker start() throws Exception {
        return start(config -> { });
    }

    /**
     * A broker on 127.0.0.1 with anonymous clients allowed, refined by {@code settings}; without
     * {@code $SYS} topics unless {@code settings} asks for them, since those are retained messages
     * that tests counting retained messages would count too.
     */
    public static Broker start(Consumer<BrokerConfig.Builder> settings) throws Exception {
        return Broker.builder()
                .configure(config -> {
                    config.listener(Listener.mqtt(0, "127.0.0.1")).allowAnonymous(true).sysInterval(0);
                    settings.accept(config);
                })
                .log(BrokerLog.toSlf4j(LogType.all()))
                .threads(2)
                .build()
                .start();
    }
}
