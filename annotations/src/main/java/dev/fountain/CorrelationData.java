package dev.fountain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the MQTT 5 Correlation Data of a request to a {@code byte[]} parameter; {@code null} when
 * it has none. A {@link Publish} reply carries it back by itself.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface CorrelationData {
}
