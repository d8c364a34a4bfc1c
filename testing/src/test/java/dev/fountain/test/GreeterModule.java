package dev.fountain.test;

import com.google.inject.AbstractModule;
import dev.fountain.AppModule;

@AppModule
public final class GreeterModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(Greeter.Salutation.class).toInstance(() -> "Hello");
    }
}
