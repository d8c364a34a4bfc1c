package dev.fountain.broker.security;

import dev.fountain.broker.routing.Router;
import dev.fountain.broker.routing.Subscriber;

/**
 * Who may connect, and what they may publish, subscribe to and receive: {@code allow_anonymous},
 * {@code password_file} and {@code acl_file} together, the way Mosquitto combines them.
 */
public final class AccessControl implements Router.ReadAccess {

    private final boolean allowAnonymous;
    private final PasswordFile passwords;
    private final AclFile acl;

    /**
     * @param passwords the password file, or {@code null} when none is configured
     * @param acl the ACL file, or {@code null} to let every client use every topic
     */
    public AccessControl(boolean allowAnonymous, PasswordFile passwords, AclFile acl) {
        this.allowAnonymous = allowAnonymous;
        this.passwords = passwords;
        this.acl = acl;
    }

    /**
     * The verdict on a CONNECT's credentials: its outcome, which the CONNECT handler maps to a CONNACK
     * code, and the reason to log.
     */
    public record Verdict(Outcome outcome, String reason) {

        /** How authentication ended; the broker's CONNACK code follows from it, not the other way. */
        public enum Outcome {
            ACCEPTED,
            /** An unknown user name or a wrong or missing password: 3.1.1 return code 4, MQTT 5 0x86. */
            BAD_CREDENTIALS,
            /** A client the broker does not let in whatever it sends: 3.1.1 return code 5, MQTT 5 0x87. */
            NOT_AUTHORISED
        }

        static final Verdict ACCEPTED = new Verdict(Outcome.ACCEPTED, null);

        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }

        static Verdict badCredentials(String reason) {
            return new Verdict(Outcome.BAD_CREDENTIALS, reason);
        }

        static Verdict notAuthorised(String reason) {
            return new Verdict(Outcome.NOT_AUTHORISED, reason);
        }
    }

    /**
     * Checks a CONNECT's user name and password: a name that {@code password_file} does not know
     * or a wrong password is {@link Verdict.Outcome#BAD_CREDENTIALS}; a client without a name where
     * anonymous clients are not allowed is {@link Verdict.Outcome#NOT_AUTHORISED}.
     */
    public Verdict authenticate(String username, byte[] password) {
        if (username == null) {
            return allowAnonymous ? Verdict.ACCEPTED : Verdict.notAuthorised(
                    "anonymous clients are not allowed (allow_anonymous false); send a user name and password");
        }
        if (passwords == null) {
            return allowAnonymous ? Verdict.ACCEPTED : Verdict.notAuthorised(
                    "no password_file is configured to check user '" + username + "' against, and"
                            + " allow_anonymous is false");
        }
        return switch (passwords.check(username, password)) {
            case ACCEPTED -> Verdict.ACCEPTED;
            case UNKNOWN_USER -> Verdict.badCredentials("user '" + username + "' is not in the password file");
            case WRONG_PASSWORD -> Verdict.badCredentials("wrong password for user '" + username + "'");
            case NO_PASSWORD -> Verdict.badCredentials("user '" + username + "' sent no password");
        };
    }

    public boolean canWrite(String clientId, String username, String topic) {
        return acl == null || acl.canWrite(clientId, username, topic);
    }

    public boolean canSubscribe(String clientId, String username, String filter) {
        return acl == null || acl.canSubscribe(clientId, username, filter);
    }

    @Override
    public boolean canRead(Subscriber subscriber, String topic) {
        return acl == null || subscriber.aclExempt() || acl.canRead(subscriber.clientId(), subscriber.username(), topic);
    }
}
