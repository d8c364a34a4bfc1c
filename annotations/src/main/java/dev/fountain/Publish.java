package dev.fountain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Publishes a {@link Subscribe} handler's return value to a topic; a {@code null} return publishes
 * nothing. The value is converted as a payload parameter would be, in reverse: {@code String} as
 * UTF-8, {@code byte[]} and {@code ByteBuffer} as they are, numbers, booleans and enums as text,
 * anything else as JSON.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Publish {

    /** The topic name: no wildcards. {@code ${key}} is replaced at startup from configuration. */
    String value();

    /** The QoS to publish with: 0, 1 or 2. */
    int qos() default 0;

    /** Whether the broker keeps the message as the topic's retained message. */
    boolean retain() default false;
}
