package dev.fountain.example.garden;

import com.google.inject.AbstractModule;
import dev.fountain.AppModule;

/** Which pump the garden uses; found by the annotation processor, installed by Fountain. */
@AppModule
public final class GardenModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Pump.class).to(LoggingPump.class);
    }
}
