package dev.fountain.broker.security;

import dev.fountain.broker.config.Tls;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The user name a client's TLS certificate gives, on listeners with {@code use_identity_as_username}
 * or {@code use_subject_as_username}. The transport sets it on the channel once the handshake has
 * verified the certificate, before any MQTT byte is read; the CONNECT handler uses it in place of
 * the CONNECT's user name and password, as Mosquitto does. It is security's, not the transport's,
 * because both layers use it and the protocol layer must not reach up into the transport.
 */
public final class TlsIdentity {

    /** The user name from the client certificate; absent on every other connection. */
    public static final AttributeKey<String> USERNAME = AttributeKey.valueOf(TlsIdentity.class, "USERNAME");

    private TlsIdentity() {
    }

    /** The user name the client certificate of {@code channel} gives, or {@code null} when there is none. */
    public static String username(Channel channel) {
        return channel.hasAttr(USERNAME) ? channel.attr(USERNAME).get() : null;
    }

    /**
     * What {@code source} takes from {@code certificate}, or {@code null} when the subject has no CN.
     * Of several CNs the first in the certificate counts, as OpenSSL finds it for Mosquitto.
     */
    public static String from(X509Certificate certificate, Tls.Username source) {
        X500Principal subject = certificate.getSubjectX500Principal();
        if (source == Tls.Username.CERTIFICATE_SUBJECT) {
            return subject.getName(X500Principal.RFC2253);
        }
        try {
            // LdapName lists the RDNs in the certificate's order, the reverse of the string's.
            List<Rdn> rdns = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns();
            for (Rdn rdn : rdns) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            // The JDK wrote this name itself from a certificate it parsed.
            throw new IllegalStateException(e);
        }
    }
}
