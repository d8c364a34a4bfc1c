package dev.fountain.broker;

/**
 * Netty settings a production broker wants unless the user says otherwise, applied by the
 * command-line entry points before any Netty class loads. Netty's leak detector samples buffers by
 * default and records a stack trace for each sample: under load that was thousands of stack traces
 * a second in a profile of the broker. Tests turn it to {@code paranoid} instead; set
 * {@code -Dio.netty.leakDetection.level=simple} to hunt a leak in production.
 */
public final class NettyDefaults {

    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private NettyDefaults() {
    }

    public static void apply() {
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
    }
}
