package dev.fountain.broker.protocol;

/** The log text of the reason code enums, made once per constant, never per packet. */
final class ReasonCodeText {

    private ReasonCodeText() {
    }

    /**
     * {@code text}, or for a code the log has no words for yet, its number as the log has always
     * printed it ({@code reason 0x8f}), so that no existing line changes its words.
     */
    static String of(int value, String text) {
        return text != null ? text : "reason 0x" + Integer.toHexString(value);
    }
}
