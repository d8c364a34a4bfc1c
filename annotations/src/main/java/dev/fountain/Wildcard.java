package dev.fountain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the level a wildcard of the {@link Subscribe} filter matched: {@code @Wildcard(0)} is the
 * first {@code +} or {@code #}, counting from the left. A {@code #} binds all the levels it matched,
 * joined with {@code /}. Types: {@code String}, {@code int}, {@code long}, {@code double},
 * {@code boolean} (and their boxes), and enums (by constant name).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Wildcard {

    /** Which wildcard, from 0. */
    int value();
}
