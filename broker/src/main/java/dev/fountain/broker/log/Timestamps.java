package dev.fountain.broker.log;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Log line prefixes: seconds since the epoch, Mosquitto's default, or a {@code
 * log_timestamp_format} in strftime's syntax. The common strftime conversions are translated to a
 * {@link DateTimeFormatter}; anything else is kept as text.
 */
abstract class Timestamps {

    abstract String now();

    static Timestamps of(String strftime, Clock clock) {
        if (strftime == null) {
            return new Timestamps() {
                @Override
                String now() {
                    return Long.toString(clock.millis() / 1000);
                }
            };
        }
        DateTimeFormatter formatter = translate(strftime);
        return new Timestamps() {
            @Override
            String now() {
                return formatter.format(ZonedDateTime.now(clock));
            }
        };
    }

    static DateTimeFormatter translate(String strftime) {
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder();
        for (int i = 0; i < strftime.length(); i++) {
            char c = strftime.charAt(i);
            if (c != '%' || i + 1 == strftime.length()) {
                builder.appendLiteral(c);
                continue;
            }
            char conversion = strftime.charAt(++i);
            switch (conversion) {
                case 'Y' -> builder.appendValue(ChronoField.YEAR, 4);
                case 'm' -> builder.appendValue(ChronoField.MONTH_OF_YEAR, 2);
                case 'd' -> builder.appendValue(ChronoField.DAY_OF_MONTH, 2);
                case 'H' -> builder.appendValue(ChronoField.HOUR_OF_DAY, 2);
                case 'M' -> builder.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
                case 'S' -> builder.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
                case 'F' -> builder.appendPattern("uuuu-MM-dd");
                case 'T' -> builder.appendPattern("HH:mm:ss");
                case 'z' -> builder.appendOffset("+HHMM", "+0000");
                case 'Z' -> builder.appendZoneText(java.time.format.TextStyle.SHORT);
                case 's' -> builder.appendValue(ChronoField.INSTANT_SECONDS);
                case 'b' -> builder.appendPattern("MMM");
                case 'a' -> builder.appendPattern("EEE");
                case '%' -> builder.appendLiteral('%');
                default -> builder.appendLiteral("%" + conversion);
            }
        }
        return builder.toFormatter(Locale.ROOT);
    }
}
