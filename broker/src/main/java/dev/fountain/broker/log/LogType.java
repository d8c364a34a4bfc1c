package dev.fountain.broker.log;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Mosquitto's log categories, the values of {@code log_type}. Without a config file Mosquitto logs
 * error, warning, notice and information; {@code -v} (or {@code log_type all}) adds the per-packet
 * lines ("Received PUBLISH from ...").
 */
public enum LogType {
    ERROR, WARNING, NOTICE, INFORMATION, SUBSCRIBE, UNSUBSCRIBE, DEBUG, WEBSOCKETS;

    /** What Mosquitto logs when the configuration does not say. */
    public static Set<LogType> defaults() {
        return EnumSet.of(ERROR, WARNING, NOTICE, INFORMATION);
    }

    /** What {@code -v} and {@code log_type all} log. */
    public static Set<LogType> all() {
        return EnumSet.allOf(LogType.class);
    }

    /**
     * The category a {@code log_type} value names, {@code null} for an unknown one; {@code all}
     * and {@code none} are handled by the caller.
     */
    public static LogType fromConfig(String value) {
        for (LogType type : values()) {
            if (type.name().toLowerCase(Locale.ROOT).equals(value)) {
                return type;
            }
        }
        return null;
    }
}
