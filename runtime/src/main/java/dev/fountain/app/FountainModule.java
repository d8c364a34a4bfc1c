package dev.fountain.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.fountain.app.connector.Connector;
import dev.fountain.broker.Broker;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What Fountain binds for handlers and services: the {@link Publisher}, the {@link AppConfig},
 * the embedded {@link Broker} (not in client mode), and defaults for {@link PayloadCodec} (JSON
 * when Jackson is present) and {@link ErrorHandler} (log only) that application modules may override.
 */
final class FountainModule extends AbstractModule {

    private final Broker broker;
    private final Connector connector;
    private final AppConfig config;
    private final MeterRegistry meters;

    FountainModule(Broker broker, Connector connector, AppConfig config, MeterRegistry meters) {
        this.broker = broker;
        this.connector = connector;
        this.config = config;
        this.meters = meters;
    }

    @Override
    protected void configure() {
        if (broker != null) {
            // Client mode has none: a handler that injects Broker fails at startup, naming it.
            bind(Broker.class).toInstance(broker);
        }
        bind(AppConfig.class).toInstance(config);
        // The registry /metrics scrapes: an application's own meters go out beside Fountain's.
        bind(MeterRegistry.class).toInstance(meters);
        bind(PayloadCodec.class).to(JacksonCodec.available() ? JacksonCodec.class : MissingCodec.class);
        bind(ErrorHandler.class).toInstance(error -> { });
    }

    @Provides
    @Singleton
    Publisher publisher(PayloadCodec codec) {
        return new ConnectorPublisher(connector, codec);
    }
}
