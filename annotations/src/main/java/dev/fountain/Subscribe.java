package dev.fountain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method a handler for messages whose topic matches a filter:
 *
 * <pre>{@code
 * @Subscribe("home/garden/+/2")
 * void fountain(@Wildcard(0) String area, String payload) { ... }
 * }</pre>
 *
 * <p>The annotation processor checks the filter, the parameters and the class at compile time and
 * generates a routing table that calls the method directly. Parameters: at most one without an
 * annotation receives the payload ({@code String}, {@code byte[]}, {@code ByteBuffer}, a number,
 * a {@code boolean}, an enum, or any other class as JSON); {@link Wildcard}, {@link Topic},
 * {@link Qos}, {@link Retained} and {@link Duplicate} bind the rest.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Subscribe {

    /**
     * The topic filter, with {@code +} and {@code #} wildcards. {@code ${key}} is replaced at
     * startup by the configuration value of {@code key}.
     */
    String value();

    /** The maximum QoS to receive messages with: 0, 1 or 2. */
    int qos() default 0;

    /**
     * A shared subscription group: the handlers (in this and other processes) that subscribe with
     * the same group share the messages, each message going to one of them. Empty for none.
     */
    String group() default "";
}
