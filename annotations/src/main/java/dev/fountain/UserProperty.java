package dev.fountain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the value of the MQTT 5 user property {@code value()} (the first, when the name repeats)
 * to a {@code String} parameter; {@code null} when the message has none.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface UserProperty {

    /** The user property's name. */
    String value();
}
