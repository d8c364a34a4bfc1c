package dev.fountain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the MQTT 5 Response Topic of a request to a {@code String} parameter; {@code null} when
 * it has none. A {@link Publish} reply goes there by itself.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface ResponseTopic {
}
