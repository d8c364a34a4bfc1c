package dev.fountain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Installs a Guice module (a class implementing {@code com.google.inject.Module} with a public
 * no-argument constructor) in every Fountain application this class is compiled into. The
 * processor registers it next to the routing tables, so no code has to list it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AppModule {
}
