package dev.fountain.broker.security;

/**
 * MQTT 5 enhanced authentication (section 4.12): a challenge and response exchange in AUTH packets
 * for the Authentication Method a client names in CONNECT, such as SCRAM or a token scheme. Register
 * implementations with {@code Broker.builder().enhancedAuthenticator(...)}; a CONNECT naming a
 * method no authenticator handles is refused with 0x8C (Bad authentication method).
 *
 * <p>Called on the connection's event loop: keep each step short, and never block.
 */
public interface EnhancedAuthenticator {

    /** The Authentication Method this handles, as clients name it. */
    String method();

    /** The first step, with the CONNECT's Authentication Data (or {@code null}). */
    Step start(String clientId, byte[] data);

    /** A further step, with the Authentication Data of the client's AUTH packet. */
    Step next(String clientId, byte[] data);

    /**
     * What to do after a step.
     *
     * @param data Authentication Data to send the client (challenge, or final server proof), or
     *     {@code null}
     * @param username the identity authenticated, used for ACL checks, on success; {@code null} to
     *     keep the CONNECT's user name
     */
    record Step(Outcome outcome, byte[] data, String username) {

        public enum Outcome { SUCCESS, CONTINUE, FAILURE }

        public static Step success(byte[] data, String username) {
            return new Step(Outcome.SUCCESS, data, username);
        }

        public static Step challenge(byte[] data) {
            return new Step(Outcome.CONTINUE, data, null);
        }

        public static Step failure() {
            return new Step(Outcome.FAILURE, null, null);
        }
    }
}
